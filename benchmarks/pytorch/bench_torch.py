# PyTorch side of the side-by-side benchmarks in benchmarks/README.md: the same EVA-style
# backbones (the reference model of tools/fixtures/eva_reference.py) at 224x224, batch 8, fp32.
# Each rate is reported from the fastest step and the median step (images/s).
#   forward      images/s of ViT-S/16- and ViT-B/16-sized backbones (inference, no grad)
#   lora_step    images/s of a LoRA training step on ViT-S/16 (r=8 on q and v, loss = mean of the
#                features, backward, AdamW on the LoRA matrices)
#   caption_stage2_step
#                steps/s of the demo's stage-2 captioning step (benchmarks' Stage2StepBenchmark with
#                tasksToRun=caption): the demo's 96-wide 4-block backbone at 112x112 with LoRA r=8 on q
#                and v, the small Show-Attend-Tell head frozen (tools/fixtures/caption_head_fixture.py),
#                teacher-forced loss with the doubly stochastic term, backward, clipping, AdamW
# Run (Debian: apt-get install python3-torch libopenblas0-pthread; pick OPENBLAS_CORETYPE for the CPU:
# Haswell for AVX2 machines such as the AMD EPYC used here, SkylakeX where AVX-512 exists):
#   OMP_WAIT_POLICY=PASSIVE OPENBLAS_CORETYPE=Haswell /usr/bin/python3 benchmarks/pytorch/bench_torch.py [seconds]
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "fixtures"))
from eva_reference import Eva, add_visft_lora, randomize  # noqa: E402
from caption_head_fixture import CaptionDecoder  # noqa: E402

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
# ONLY=forward,lora_step,caption_stage2_step runs a subset (for interleaving with the JMH side), and
# FORWARD_SIZES=vit_s16 one forward size; a model is built only when its benchmark runs, so that the
# process's peak memory (benchmarks/paired.sh) is that of the benchmark alone.
ONLY = set(os.environ.get("ONLY", "forward,lora_step,caption_stage2_step").split(","))
FORWARD_SIZES = os.environ.get("FORWARD_SIZES", "vit_s16,vit_b16").split(",")
BATCH = 8

SIZES = {
    "vit_s16": dict(embed_dim=384, depth=12, num_heads=6, mlp_hidden_dim=1536),
    "vit_b16": dict(embed_dim=768, depth=12, num_heads=12, mlp_hidden_dim=3072),
}


def config(size):
    return dict(SIZES[size], patch_size=16, pos_embed_grid=14, post_norm=False, layer_norm_eps=1e-6)


def rate(step):
    """Images/s from the fastest step (robust to other load on a shared machine), the median and the mean."""
    step()  # warm-up
    step()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < SECONDS or len(times) < 3:
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    times.sort()
    return {"best": BATCH / times[0], "median": BATCH / times[len(times) // 2],
            "mean": BATCH * len(times) / sum(times), "steps": len(times)}


results = {"torch": torch.__version__, "threads": torch.get_num_threads()}
pixels = torch.randn(BATCH, 3, 224, 224)
for size in FORWARD_SIZES if "forward" in ONLY else []:
    model = Eva(config(size)).eval()
    randomize(model, 0)

    def forward():
        with torch.no_grad():
            model(pixels)

    results[f"forward_{size}_images_per_s"] = rate(forward)
    print(size, results, file=sys.stderr, flush=True)


def lora_step():
    opt.zero_grad()
    model(pixels).mean().backward()
    opt.step()


if "lora_step" in ONLY:
    model = Eva(config("vit_s16"))
    randomize(model, 0)
    for p in model.parameters():
        p.requires_grad_(False)
    add_visft_lora(model, r=8, alpha=8.0, seed=1)
    lora_params = [t for blk in model.blocks for t in (blk.attn.lora_A, blk.attn.lora_B)]
    opt = torch.optim.AdamW(lora_params, lr=1e-4)
    results["lora_step_vit_s16_images_per_s"] = rate(lora_step)
    print(results, file=sys.stderr, flush=True)

# The demo's stage-2 captioning step (sizes of DemoConfig and HeadSizes.SMALL).
demo = Eva(dict(embed_dim=96, depth=4, num_heads=4, mlp_hidden_dim=256, patch_size=14, pos_embed_grid=8,
                post_norm=False, layer_norm_eps=1e-6))
randomize(demo, 0)
for p in demo.parameters():
    p.requires_grad_(False)
add_visft_lora(demo, r=8, alpha=8.0, seed=1)
demo_lora = [t for blk in demo.blocks for t in (blk.attn.lora_A, blk.attn.lora_B)]
head = CaptionDecoder(dict(feature_dim=96, attention_dim=64, embed_dim=64, hidden_dim=96, vocab_size=49,
                           max_length=12, pooled_grid=8, alpha_c=1.0))
for p in head.parameters():
    p.requires_grad_(False)
demo_opt = torch.optim.AdamW(demo_lora, lr=1e-5)
demo_pixels = torch.randn(BATCH, 3, 112, 112)
generator = torch.Generator().manual_seed(3)
tokens = torch.randint(4, 49, (BATCH, 12), generator=generator)
lengths = torch.randint(6, 13, (BATCH,), generator=generator)


def caption_stage2_step():
    demo_opt.zero_grad()
    logits, alphas, targets, decode_lengths = head(demo(demo_pixels), tokens, lengths)
    mask = torch.arange(logits.shape[1])[None, :] < torch.tensor(decode_lengths)[:, None]
    ce = torch.nn.functional.cross_entropy(logits[mask], targets[:, :logits.shape[1]][mask])
    loss = ce + 1.0 * ((1 - alphas.sum(dim=1)) ** 2).mean()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(demo_lora, 0.1)
    demo_opt.step()


if "caption_stage2_step" in ONLY:
    r = rate(caption_stage2_step)
    results["caption_stage2_step_demo_steps_per_s"] = {k: (v / BATCH if k != "steps" else v) for k, v in r.items()}
print(json.dumps(results))
