"""Times the vcolorize network in PyTorch, per frame, at the resolutions the element runs it at,
for a side-by-side comparison with tests/bench/vc-pipeline-bench (README, Speed).

The network is net.py's VColorNet (weights from a train.py checkpoint with --checkpoint, else
random: the time does not depend on them), at the element's network resolution for each frame
size (vc_colorizer_network_resolution: short side --network-size, aspect kept, multiples of 32),
batch 1, attending like the element to one reference, the keyframe and the previous frame.
Reference and keyframe encoding are not per frame and not timed. Two things are timed, each the
mean over --iters frames after --warmup, every frame synchronised (CUDA events on a GPU):

  net    what the element's network passes (clean, frame, store-previous, prev) do: L* at the
         network resolution -> units -> preprocessing -> encoder, key, attention over the null
         key + 3 sources, decoder -> a*b*; then the frame's key and value (features, ab as
         8x8 patches) kept as the previous frame, and prev = [l', ab, 1] for the next frame.
  frame  what the element's whole command buffer does (its gpu-total): a GRAY8 frame copied
         from pinned host memory to the GPU, to L* (sRGB gray), antialiased bilinear resize to
         the network resolution, net, joint bilateral upsampling of a*b* to the frame's size
         guided by its L* (the element's guided pass: radius 2, sigma 1 px and 10 L*), the
         temporal smoothing towards the previous frame's full-resolution L* and a*b* (the
         element's steady pass: 3x3 window, sigma 2 L*, strength 0.5), Lab -> sRGB -> RGBA
         bytes, copied back to pinned host memory.

Modes: eager with fp16 autocast (the attention runs in fp32, as net.py does; the colour
conversions and the upsampling in fp32, as the element's shaders compute), and the same under
torch.compile. On a CPU (--device cpu, for a smoke test) eager runs in fp32.

    python3 models/train/bench_torch.py                       # the four sizes on CUDA
    python3 models/train/bench_torch.py --ours ours.json      # also ratios to vc-pipeline-bench

Exit status 3 when PyTorch has no CUDA device and --device cpu was not given.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

import colour
from net import PREV_CHANNELS, VColorNet

SIZES = ((640, 360), (1280, 720), (1920, 1080), (3840, 2160))
ALIGN = 32  # VC_COLORIZER_NETWORK_ALIGN
MAX_ASPECT = 4  # VC_COLORIZER_MAX_ASPECT
NET_PASSES = ('clean', 'frame', 'store-previous', 'prev')  # the element's network passes
GUIDED_RADIUS, GUIDED_SIGMA_SPATIAL, GUIDED_SIGMA_RANGE = 2, 1.0, 10.0


def network_resolution(network_size, width, height):
    """(net_w, net_h) as vc_colorizer_network_resolution computes it."""
    short = max(network_size // ALIGN * ALIGN, ALIGN)
    long_side = short * max(width, height) / max(min(width, height), 1)
    long_aligned = min(max(int(long_side / ALIGN + 0.5) * ALIGN, ALIGN), short * MAX_ASPECT)
    return (long_aligned, short) if width >= height else (short, long_aligned)


def gray_to_lightness(v):
    """sRGB gray in [0, 1] -> L* (R = G = B, so Y is the linear value)."""
    y = colour._srgb_to_linear(v)
    return torch.where(y > colour._EPS, 116.0 * y.clamp(min=colour._EPS) ** (1.0 / 3.0) - 16.0,
                       colour._KAPPA * y)


def guided_upsample(ab, l_low, l_full):
    """Joint bilateral upsampling as src/net/vc-guided.h defines it: ab (1, C, h, w) guided by
    l_low (1, 1, h, w) and l_full (1, 1, H, W) -> (1, C, H, W)."""
    h, w = ab.shape[-2:]
    big_h, big_w = l_full.shape[-2:]
    dev = ab.device

    def axis(n_out, n_in):
        dst = torch.arange(n_out, device=dev, dtype=torch.float32) + 0.5
        pos = dst * (n_in / n_out) - 0.5
        nearest = (dst * (n_in / n_out)).long().clamp(max=n_in - 1)
        return pos, nearest

    pos_y, cy = axis(big_h, h)
    pos_x, cx = axis(big_w, w)
    ks, kr = 1.0 / (2 * GUIDED_SIGMA_SPATIAL ** 2), 1.0 / (2 * GUIDED_SIGMA_RANGE ** 2)
    acc = torch.zeros(ab.shape[1], big_h, big_w, device=dev)
    total = torch.zeros(big_h, big_w, device=dev)
    for i in range(-GUIDED_RADIUS, GUIDED_RADIUS + 1):
        qy = cy + i
        inside_y = ((qy >= 0) & (qy < h)).float()
        qy = qy.clamp(0, h - 1)
        cost_y = ((qy + 0.0 - pos_y) ** 2 * ks)[:, None]
        for j in range(-GUIDED_RADIUS, GUIDED_RADIUS + 1):
            qx = cx + j
            inside = inside_y[:, None] * ((qx >= 0) & (qx < w)).float()[None, :]
            qx = qx.clamp(0, w - 1)
            lq = l_low[0, 0].index_select(0, qy).index_select(1, qx)
            cost = cost_y + ((qx + 0.0 - pos_x) ** 2 * ks)[None, :] + (l_full[0, 0] - lq) ** 2 * kr
            weight = torch.exp(-cost) * inside
            acc = acc + weight * ab[0].index_select(1, qy).index_select(2, qx)
            total = total + weight
    return (acc / total).unsqueeze(0)


def autocast(device, half):
    """fp16 autocast on a GPU; on a CPU (fp32) a disabled one of the type it supports."""
    dtype = torch.float16 if device.type == 'cuda' else torch.bfloat16
    return torch.autocast(device.type, dtype=dtype, enabled=half)


def net_step(model, half, lightness, ref_key, ref_value, kf_key, kf_value, prev_key, prev_value,
             prev):
    """L* (1, 1, net_h, net_w) -> a*b*, and the frame's key, value and prev as the next
    frame's previous frame."""
    with autocast(lightness.device, half):
        l = model.clean(lightness / 50.0 - 1.0)
        sources = [(ref_key, ref_value, None), (kf_key, kf_value, None),
                   (prev_key, prev_value, None)]
        out = model(l, sources, prev)
        value = model.value(out.fused, out.ab)
        new_prev = torch.cat([l, out.ab, torch.ones_like(l)], 1).float()
    return out.ab.float() * colour.AB_SCALE, out.key, value, new_prev


def steady(lightness, l_prev, ab, ab_prev, strength=0.5, sigma=2.0):
    """The temporal smoothing as src/net/vc-steady.h defines it (radius 1): ab pulled towards
    ab_prev where the mean squared change of L* over the 3x3 window is small."""
    d = F.avg_pool2d((lightness - l_prev) ** 2, 3, 1, 1, count_include_pad=False)
    return ab + strength * torch.exp(-d / (2 * sigma * sigma)) * (ab_prev - ab)


def frame_step(model, half, net_size, gray, l_prev, ab_prev, *memory):
    """GRAY8 frame on the device -> RGBA bytes, and the memory for the next frame (the
    network's, and the full-resolution L* and a*b* for the temporal smoothing)."""
    lightness = gray_to_lightness(gray.float().div(255.0))[None, None]
    l_net = F.interpolate(lightness, size=net_size, mode='bilinear', align_corners=False,
                          antialias=True)
    ab_net, key, value, prev = net_step(model, half, l_net, *memory)
    ab = steady(lightness, l_prev, guided_upsample(ab_net, l_net, lightness), ab_prev)
    rgb = colour.lab_to_rgb(torch.cat([lightness, ab], 1))[0]
    rgba = torch.cat([rgb, torch.ones_like(rgb[:1])]).permute(1, 2, 0)
    return (rgba * 255.0 + 0.5).clamp(0, 255).to(torch.uint8), key, value, prev, lightness, ab


class Bench:
    """The network's memory at one resolution and the frame buffers, fed from frame to frame
    through NET and FRAME (net_step and frame_step, or their compiled forms)."""

    def __init__(self, model, net_w, net_h, width, height, device, half):
        self.model, self.net_size, self.half = model, (net_h, net_w), half
        gen = torch.Generator().manual_seed(0)

        def encode():
            lab = torch.cat([torch.rand(1, 1, net_h, net_w, generator=gen) * 100,
                             (torch.rand(1, 2, net_h, net_w, generator=gen) - 0.5) * 120], 1)
            with torch.no_grad(), autocast(device, half):
                return model.source(*colour.lab_to_net(lab.to(device)))

        # the reference and the keyframe: encoded once, as the element does; the previous
        # frame and prev: fed back from frame to frame
        self.sources = (encode(), encode())
        self.previous = encode()
        self.prev = torch.zeros(1, PREV_CHANNELS, net_h, net_w, device=device)
        self.host_in = torch.randint(0, 256, (height, width), dtype=torch.uint8)
        self.host_out = torch.empty(height, width, 4, dtype=torch.uint8)
        if device.type == 'cuda':
            self.host_in, self.host_out = self.host_in.pin_memory(), self.host_out.pin_memory()
        self.gray = torch.empty(height, width, dtype=torch.uint8, device=device)
        self.l_prev = torch.zeros(1, 1, height, width, device=device)
        self.ab_prev = torch.zeros(1, 2, height, width, device=device)

    def memory(self):
        (rk, rv), (kk, kv) = self.sources
        return (rk, rv, kk, kv, self.previous[0], self.previous[1], self.prev)

    def feed_back(self, key, value, prev):
        # copies: a compiled step may reuse its output buffers on its next call
        self.previous, self.prev = (key.clone(), value.clone()), prev.clone()

    def run_net(self, net, lightness):
        _, key, value, prev = net(self.model, self.half, lightness, *self.memory())
        self.feed_back(key, value, prev)

    def run_frame(self, frame):
        self.gray.copy_(self.host_in, non_blocking=True)
        rgba, key, value, prev, l_full, ab_full = frame(
            self.model, self.half, self.net_size, self.gray, self.l_prev, self.ab_prev,
            *self.memory())
        self.host_out.copy_(rgba, non_blocking=True)
        self.feed_back(key, value, prev)
        self.l_prev, self.ab_prev = l_full.clone(), ab_full.clone()


def time_ms(device, fn, warmup, iters):
    """Mean ms per call of FN over ITERS calls after WARMUP, each synchronised."""
    times = []
    for i in range(warmup + iters):
        if device.type == 'cuda':
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            fn()
            end.record()
            torch.cuda.synchronize()
            ms = start.elapsed_time(end)
        else:
            t0 = time.perf_counter()
            fn()
            ms = (time.perf_counter() - t0) * 1e3
        if i >= warmup:
            times.append(ms)
    return sum(times) / len(times)


def bench_size(model, width, height, args, device, steps):
    """Times each mode of STEPS ({mode: (net, frame)}) at WIDTHxHEIGHT."""
    net_w, net_h = network_resolution(args.network_size, width, height)
    result = {'width': width, 'height': height, 'net_width': net_w, 'net_height': net_h}
    for name, (net, frame) in steps.items():
        b = Bench(model, net_w, net_h, width, height, device, half=device.type == 'cuda')
        lightness = torch.rand(1, 1, net_h, net_w, device=device) * 100
        if device.type == 'cuda':
            torch.cuda.reset_peak_memory_stats(device)
        try:
            with torch.no_grad():
                net_ms = time_ms(device, lambda: b.run_net(net, lightness), args.warmup,
                                 args.iters)
                frame_ms = time_ms(device, lambda: b.run_frame(frame), args.warmup, args.iters)
        except Exception as e:  # e.g. torch.compile failing on this machine: the rest goes on
            print('bench_torch: %dx%d %s failed: %s: %s' % (width, height, name,
                  type(e).__name__, e), file=sys.stderr, flush=True)
            result[name] = {'net_ms': None, 'frame_ms': None, 'peak_memory_bytes': None,
                            'error': '%s: %s' % (type(e).__name__, e)}
            continue
        peak = torch.cuda.max_memory_allocated(device) if device.type == 'cuda' else None
        result[name] = {'net_ms': net_ms, 'frame_ms': frame_ms, 'peak_memory_bytes': peak}
        b = None  # its buffers go before the next mode's
        if device.type == 'cuda':
            torch.cuda.empty_cache()
        print('  %dx%d %s: net %.3f ms, frame %.3f ms' % (width, height, name, net_ms, frame_ms),
              file=sys.stderr, flush=True)
    return result


def ours_by_size(path):
    """{(w, h): (net ms, frame ms)} from vc-pipeline-bench --json, and its network size."""
    with open(path) as f:
        ours = json.load(f)
    if (ours.get('format'), ours.get('output')) != ('GRAY8', 'RGBA'):
        print('bench_torch: vc-pipeline-bench ran %s to %s; the frame timed here is GRAY8 to '
              'RGBA' % (ours.get('format'), ours.get('output')), file=sys.stderr)
    table = {}
    for r in ours['results']:
        if r.get('error'):
            continue
        gpu = r['gpu_ms']
        table[(r['width'], r['height'])] = (sum(gpu.get(p, 0.0) for p in NET_PASSES),
                                            gpu['gpu-total'])
    return table, ours['network_size']


def fmt(v, spec='%9.3f'):
    width = spec[1:spec.index('.')]
    return spec % v if v is not None else ('%' + width + 's') % '-'


def print_results(results, ours, header):
    print(header)
    modes = [m for m in ('eager', 'compiled') if any(m in r for r in results)]
    cols = ''.join(' %12s %9s' % ('%s net' % m, 'frame') for m in modes)
    print('%-10s %-9s%s %9s' % ('size', 'network', cols, 'peak MiB'))
    for r in results:
        line = '%-10s %-9s' % ('%dx%d' % (r['width'], r['height']),
                               '%dx%d' % (r['net_width'], r['net_height']))
        for m in modes:
            line += ' ' + fmt(r[m]['net_ms'], '%12.3f') + ' ' + fmt(r[m]['frame_ms'])
        peak = max((r[m]['peak_memory_bytes'] or 0) for m in modes)
        print(line + ' ' + (fmt(peak / 2 ** 20, '%9.1f') if peak else fmt(None)))
    if not ours:
        return
    print('\nours (vcolorize, GPU ms from its profile) beside PyTorch; ratio = ours / PyTorch '
          'time (< 1: ours is faster)')
    cols = ''.join(' %13s %15s' % ('/%s net' % m, '/%s frame' % m) for m in modes)
    print('%-10s %9s %9s%s' % ('size', 'ours net', 'frame', cols))
    for r in results:
        key = (r['width'], r['height'])
        if key not in ours:
            continue
        net, frame = ours[key]
        line = '%-10s %9.3f %9.3f' % ('%dx%d' % key, net, frame)
        for m in modes:
            t = r[m]
            line += ' ' + (fmt(net / t['net_ms'], '%13.3f') if t['net_ms'] else '%13s' % '-')
            line += ' ' + (fmt(frame / t['frame_ms'], '%15.3f') if t['frame_ms'] else '%15s' % '-')
        print(line)


def parse_sizes(text):
    sizes = []
    for item in text.split(','):
        w, h = item.lower().split('x')
        sizes.append((int(w), int(h)))
    return sizes


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--ours', help="vc-pipeline-bench's --json file: its sizes and network size, "
                   'and the ratios')
    p.add_argument('--sizes', help='WxH,WxH... (default: those of --ours, else the four of '
                   'vc-pipeline-bench)')
    p.add_argument('--network-size', type=int, default=None,
                   help="short side of the network resolution (default: --ours's, else 256)")
    p.add_argument('--checkpoint', help='train.py checkpoint whose weights to load (default: '
                   'random weights; --no-preproc then says whether the model cleans L)')
    p.add_argument('--no-preproc', action='store_true',
                   help='without --checkpoint: the network without its preprocessing net')
    p.add_argument('--device', default='cuda', help='cuda (default), cuda:N, or cpu (a smoke '
                   'test: eager fp32, no compile on torch < 2)')
    p.add_argument('--iters', type=int, default=50, help='timed frames per size and mode')
    p.add_argument('--warmup', type=int, default=10, help='untimed frames first')
    p.add_argument('--no-compile', action='store_true', help='eager only')
    p.add_argument('--compile-mode', default='default',
                   help="torch.compile's mode (default, reduce-overhead, max-autotune...)")
    p.add_argument('--json', help='also write the results to this file')
    args = p.parse_args()

    device = torch.device(args.device)
    if device.type == 'cuda' and not torch.cuda.is_available():
        print('bench_torch: PyTorch %s has no CUDA device' % torch.__version__, file=sys.stderr)
        return 3
    ours, ours_size = ours_by_size(args.ours) if args.ours else ({}, None)
    if args.network_size is None:
        args.network_size = ours_size or 256
    sizes = parse_sizes(args.sizes) if args.sizes else (sorted(ours) if ours else list(SIZES))
    sizes.sort(key=lambda s: s[0] * s[1])

    if args.checkpoint:
        ckpt = torch.load(args.checkpoint, map_location='cpu')
        model = VColorNet(**ckpt.get('config', {}))
        model.load_state_dict(ckpt['model'])
    else:
        torch.manual_seed(0)
        model = VColorNet(preproc=not args.no_preproc)
    model = model.eval().to(device)
    for p_ in model.parameters():
        p_.requires_grad_(False)
    # the colour matrices once on the device, not copied there on every call
    colour._RGB_TO_XYZ = colour._RGB_TO_XYZ.to(device=device, dtype=torch.float32)
    colour._XYZ_TO_RGB = colour._XYZ_TO_RGB.to(device=device, dtype=torch.float32)
    if device.type == 'cuda':
        torch.backends.cudnn.benchmark = True
    compiled = not args.no_compile and hasattr(torch, 'compile')
    if not args.no_compile and not compiled:
        print('bench_torch: torch %s has no torch.compile: eager only' % torch.__version__,
              file=sys.stderr)

    # compiled once for all sizes: a size of another shape recompiles (shapes that vary
    # become dynamic after the first change), one of the same network resolution does not
    steps = {'eager': (net_step, frame_step)}
    if compiled:
        steps['compiled'] = (torch.compile(net_step, mode=args.compile_mode),
                             torch.compile(frame_step, mode=args.compile_mode))
    results = [bench_size(model, w, h, args, device, steps) for w, h in sizes]
    name = torch.cuda.get_device_name(device) if device.type == 'cuda' else 'CPU'
    precision = 'fp16 autocast' if device.type == 'cuda' else 'fp32'
    header = ('PyTorch %s on %s, %s, network-size %d, batch 1, 1 reference + keyframe + '
              'previous frame%s; ms per frame, mean of %d after %d'
              % (torch.__version__, name, precision, args.network_size,
                 ', weights of ' + os.path.basename(args.checkpoint) if args.checkpoint else '',
                 args.iters, args.warmup))
    print_results(results, ours, header)
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'torch': torch.__version__, 'device': name, 'precision': precision,
                       'network_size': args.network_size, 'iters': args.iters,
                       'warmup': args.warmup, 'compile_mode': args.compile_mode if compiled
                       else None, 'results': results}, f, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
