# Reads this library's files as a PyTorch user would and compares the features with the library's:
# the directory written by `DeviceChecks peft-export DIR DEPTH` holds backbone.safetensors (timm
# names, EVA-ViT-G widths, DEPTH blocks), peft/ (a PEFT LoRA folder as `visft lora convert` writes
# it) and features.safetensors (pixel_values [B, 3, 224, 224] and this library's features
# [B, 1408, 16, 16], computed on ONNX Runtime's CPU provider).
#
#   python3 tools/gpu/peft_check.py DIR [--path timm|manual|both]
#
# timm path (default where timm and peft import): timm.create_model("eva_giant_patch14_224",
# pretrained=False, depth=DEPTH) loads backbone.safetensors (only cls_token, which this library's
# backbone does not use, may be missing), peft.PeftModel.from_pretrained applies the adapter folder
# and merge_and_unload folds it in (timm's EVA attention reads qkv.weight directly, so an unmerged
# PEFT layer would be bypassed); the features are timm's patch embedding, the grid part of its
# position embedding, its blocks and final norm. manual path (plain PyTorch, no timm or peft): the
# EVA of tools/fixtures/eva_reference.py loads the same weights and the adapter is added by PEFT's
# formula W += B·A·lora_alpha/r (rank_pattern, alpha_pattern, use_rslora honoured). Either path
# passes at ‖ours − theirs‖ / ‖theirs‖ <= 1e-4, fp32, TF32 off. Exit status 1 on a failure.
import argparse
import json
import os
import struct
import sys

import torch
import torch.nn.functional as F

TOLERANCE = 1e-4
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {}) or {}
    out = {}
    for name, h in header.items():
        a, b = h["data_offsets"]
        t = torch.frombuffer(bytearray(data[a:b]), dtype=DTYPES[h["dtype"]]) if b > a else torch.empty(0)
        out[name] = t.reshape(h["shape"])
    return out, meta


def evag_config(depth):
    return {"embed_dim": 1408, "depth": depth, "num_heads": 16, "mlp_hidden_dim": 6144, "patch_size": 14,
            "pos_embed_grid": 16, "post_norm": False, "layer_norm_eps": 1e-6}


def timm_features(weights, peft_dir, depth, pixels, device):
    import timm
    from peft import PeftModel

    model = timm.create_model("eva_giant_patch14_224", pretrained=False, num_classes=0, global_pool="token",
                              depth=depth)
    result = model.load_state_dict(weights, strict=False)
    missing = sorted(set(result.missing_keys) - {"cls_token"})
    if missing or result.unexpected_keys:
        raise SystemExit(f"FAIL timm: weights do not fit eva_giant_patch14_224: missing {missing[:5]} "
                         f"({len(missing)}), unexpected {result.unexpected_keys[:5]} ({len(result.unexpected_keys)})")
    peft_model = PeftModel.from_pretrained(model, peft_dir)
    adapter, _ = read_safetensors(os.path.join(peft_dir, "adapter_model.safetensors"))
    state = peft_model.state_dict()
    loaded = 0
    for key, value in adapter.items():
        mine = key.replace(".lora_A.weight", ".lora_A.default.weight").replace(".lora_B.weight", ".lora_B.default.weight")
        if mine not in state or not torch.equal(state[mine].cpu(), value):
            raise SystemExit(f"FAIL peft: adapter tensor {key} was not loaded as {mine}")
        loaded += 1
    merged = peft_model.merge_and_unload().to(device).eval()
    with torch.no_grad():
        x = merged.patch_embed(pixels.to(device))
        x = x + merged.pos_embed[:, 1:]
        for blk in merged.blocks:
            x = blk(x)
        x = merged.norm(x)
    g = int(x.shape[1] ** 0.5)
    print(f"timm {timm.__version__} + peft: {loaded} adapter tensors loaded and merged")
    return x.transpose(1, 2).reshape(x.shape[0], -1, g, g).cpu()


def manual_features(weights, peft_dir, depth, pixels, device):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
    from eva_reference import Eva

    model = Eva(evag_config(depth))
    model.load_state_dict(weights, strict=True)
    cfg = json.load(open(os.path.join(peft_dir, "adapter_config.json")))
    adapter, _ = read_safetensors(os.path.join(peft_dir, "adapter_model.safetensors"))
    modules = dict(model.named_modules())
    with torch.no_grad():
        base = model.to(device).eval()(pixels.to(device)).cpu()
        model.cpu()
        for module in cfg["target_modules"]:
            r = cfg.get("rank_pattern", {}).get(module, cfg["r"])
            alpha = cfg.get("alpha_pattern", {}).get(module, cfg["lora_alpha"])
            scaling = alpha / r ** 0.5 if cfg.get("use_rslora") else alpha / r
            a = adapter[f"base_model.model.{module}.lora_A.weight"]
            b = adapter[f"base_model.model.{module}.lora_B.weight"]
            if a.shape[0] != r:
                raise SystemExit(f"FAIL manual: {module} lora_A has {a.shape[0]} rows, adapter_config says r {r}")
            modules[module].weight += (b @ a) * scaling
    print(f"manual: PEFT formula applied to {len(cfg['target_modules'])} modules")
    with torch.no_grad():
        adapted = model.to(device).eval()(pixels.to(device)).cpu()
    moved = ((adapted - base).norm() / adapted.norm()).item()
    print(f"manual: the adapter moves the features by {moved:.3g} relative")
    if moved < 1e-3:
        raise SystemExit("FAIL manual: the adapter barely changes the features, so the comparison would prove nothing")
    return adapted


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--path", choices=["timm", "manual", "both"], default=None)
    args = p.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = "cuda" if torch.cuda.is_available() else "cpu"
    ours, meta = read_safetensors(os.path.join(args.dir, "features.safetensors"))
    weights, _ = read_safetensors(os.path.join(args.dir, "backbone.safetensors"))
    depth = int(meta["depth"])
    peft_dir = os.path.join(args.dir, "peft")
    paths = [args.path] if args.path in ("timm", "manual") else ["timm", "manual"]
    if args.path is None:
        try:
            import peft  # noqa: F401
            import timm  # noqa: F401
        except ImportError as e:
            print(f"timm path: not run: {e}")
            paths = ["manual"]
    print(f"torch {torch.__version__} on {device}, TF32 off, EVA-G-wide depth {depth}, "
          f"features {tuple(ours['features'].shape)}")
    failed = False
    for path in paths:
        run = timm_features if path == "timm" else manual_features
        theirs = run(weights, peft_dir, depth, ours["pixel_values"], device)
        rel = ((ours["features"] - theirs).norm() / theirs.norm()).item()
        ok = rel <= TOLERANCE
        failed |= not ok
        print(f"{'PASS' if ok else 'FAIL'} {path}: ||ours - theirs|| / ||theirs|| = {rel:.3g} (tolerance {TOLERANCE})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
