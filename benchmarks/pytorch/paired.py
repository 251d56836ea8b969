# Paired rounds of the side-by-side benchmarks: each round runs PyTorch's side for a few seconds and
# then the same benchmark under JMH, back to back, and takes the ratio within the round. PyTorch's
# speed on a shared machine drifts by 1.5x within an hour, so ratios of runs taken minutes apart
# mislead; the median of paired ratios does not.
# Build the JMH jar first (mvn -q -DskipTests -Pjmh-jar package -pl benchmarks -am), then:
#   /usr/bin/python3 benchmarks/pytorch/paired.py [rounds] [lora_step|forward|caption ...]
# Prints one line per round and benchmark, then the median ratio per benchmark (visft / PyTorch,
# both as throughput from the median step).
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JAR = os.path.join(ROOT, "benchmarks", "target", "benchmarks.jar")
SECONDS = 8
BATCH = 8

# name -> (bench_torch.py selector, [(PyTorch result key, JMH benchmark, JMH params, items per op)])
PAIRS = {
    "lora_step": ("lora_step", [("lora_step_vit_s16_images_per_s", "LoraStepBenchmark", [], BATCH)]),
    "forward": ("forward", [("forward_vit_s16_images_per_s", "BackboneBenchmark", ["-p", "size=vit_s16"], BATCH),
                            ("forward_vit_b16_images_per_s", "BackboneBenchmark", ["-p", "size=vit_b16"], BATCH)]),
    "caption": ("caption_stage2_step", [("caption_stage2_step_demo_steps_per_s", "Stage2StepBenchmark",
                                         ["-p", "tasksToRun=caption"], 1)]),
}


def torch_rates(selector):
    env = dict(os.environ, ONLY=selector, OMP_WAIT_POLICY="PASSIVE",
               OPENBLAS_CORETYPE=os.environ.get("OPENBLAS_CORETYPE", "Haswell"))
    out = subprocess.run([sys.executable, os.path.join(HERE, "bench_torch.py"), str(SECONDS)], env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def jmh_median_ms(benchmark, params):
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        subprocess.run(["java", "-jar", JAR, benchmark, *params, "-bm", "sample", "-f", "1", "-wi", "1",
                        "-w", "3", "-i", "1", "-r", str(SECONDS), "-rf", "json", "-rff", result.name],
                       capture_output=True, text=True, check=True)
        runs = json.load(open(result.name))
    return runs[0]["primaryMetric"]["scorePercentiles"]["50.0"]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    names = sys.argv[2:] or list(PAIRS)
    ratios = {}
    for r in range(1, rounds + 1):
        for name in names:
            selector, items = PAIRS[name]
            theirs = torch_rates(selector)
            for key, benchmark, params, per_op in items:
                ours = per_op * 1000.0 / jmh_median_ms(benchmark, params)
                ratio = ours / theirs[key]["median"]
                ratios.setdefault(key, []).append(ratio)
                print(f"round {r} {key}: PyTorch {theirs[key]['median']:.2f}, visft {ours:.2f}, ratio {ratio:.2f}",
                      flush=True)
    for key, values in ratios.items():
        print(f"{key}: median ratio {statistics.median(values):.2f} over {len(values)} rounds "
              f"({min(values):.2f}-{max(values):.2f})")


if __name__ == "__main__":
    main()
