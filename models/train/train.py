"""Train the vcolorize network on pseudo-clips, in resumable chunks of a few minutes.

    /usr/bin/python3 models/train/train.py --minutes 9 --out models/train/runs/a
    /usr/bin/python3 models/train/train.py --minutes 9 --out models/train/runs/a \
        --resume models/train/runs/a/ckpt.pt

Each frame t of a clip attends to the references, the keyframe (frame 0 of the clip) and the
previous frame, and gets the previous frame's [l, ab, 1] -- as at inference. The memory holds
the model's own (detached) ab, or the truth with probability --truth-memory.
"""
import argparse
import math
import os
import signal
import time

import torch
import torch.nn.functional as F

from data import PseudoClips, worker_init
from net import PREV_CHANNELS, VColorNet, box_down, expand_null_value

HERE = os.path.dirname(os.path.abspath(__file__))
LOSS_WEIGHTS = {'ab': 1.0, 'warp': 0.3, 'temporal': 0.5, 'smooth': 0.1, 'preproc': 1.0}


def parse_args():
    p = argparse.ArgumentParser(description='Train the vcolorize network.')
    p.add_argument('--data', default=os.path.join(HERE, 'data', 'photos.npz'))
    p.add_argument('--out', default=os.path.join(HERE, 'runs', 'default'))
    p.add_argument('--resume', help='checkpoint to continue from (model, optimizer, step)')
    p.add_argument('--init', help="checkpoint whose model weights start a new run (step 0, "
                   "new optimizer); the decoder's output conv keeps its zero init")
    p.add_argument('--keep-out', action='store_true',
                   help="with --init: keep the decoder's output conv too (a fine-tune whose new "
                   'parts start as no-ops, e.g. --mobilenet)')
    p.add_argument('--minutes', type=float, default=9.0, help='wall-clock budget of this chunk')
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--crop', type=int, default=256, help='square crop side, a multiple of 64')
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--frames', type=int, default=3, help='frames per pseudo-clip')
    p.add_argument('--refs', type=int, default=2, help='reference slots per clip')
    p.add_argument('--first-ref', type=float, default=0.0,
                   help="probability that the first reference is the clip's first frame itself "
                   '(data.py)')
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--tau', type=float,
                   help='fix the attention temperature at this value (default: learnt)')
    p.add_argument('--warmup', type=int, default=300, help='steps of linear warm-up')
    p.add_argument('--total-steps', type=int, default=40000,
                   help='cosine decay of the learning rate to 5%% at this step, then constant')
    p.add_argument('--truth-memory', type=float, default=0.25,
                   help='probability that the memory holds the true ab, not the output')
    p.add_argument('--no-preproc', action='store_true', help='train without the preprocessing net')
    p.add_argument('--mobilenet', help='a MobileNetV2 layer at 1/8 whose frozen features join '
                   "the matching key (net.py; an experiment: the engine can't run it)")
    p.add_argument('--workers', type=int, default=max(1, min(12, (os.cpu_count() or 2) - 2)))
    p.add_argument('--log-every', type=int, default=200)
    p.add_argument('--seed', type=int, default=1)
    return p.parse_args()


def learning_rate(step, args):
    warm = min(1.0, (step + 1) / args.warmup)
    progress = min(1.0, step / args.total_steps)
    return args.lr * warm * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))


def masked_l1(x, y, mask):
    return ((x - y).abs() * mask).sum() / (mask.sum() * x.shape[1]).clamp(min=1.0)


def smoothness(ab, l):
    """Total variation of ab, weighted down across edges of l (1 L* unit = 0.02 in l)."""
    wx = torch.exp(-25.0 * (l[..., :, 1:] - l[..., :, :-1]).abs())
    wy = torch.exp(-25.0 * (l[..., 1:, :] - l[..., :-1, :]).abs())
    return ((ab[..., :, 1:] - ab[..., :, :-1]).abs() * wx).mean() + \
        ((ab[..., 1:, :] - ab[..., :-1, :]).abs() * wy).mean()


def clip_losses(model, batch, truth_memory):
    """Run one batch of pseudo-clips frame by frame; returns the mean losses."""
    l_in, l_true, ab_true = batch['l_in'], batch['l'], batch['ab']
    b, frames, _, h, w = l_true.shape
    sources = []
    for r in range(batch['ref_l'].shape[1]):
        key, value = model.source(batch['ref_l'][:, r], batch['ref_ab'][:, r])
        sources.append((key, value, batch['ref_valid'][:, r]))
    matched = batch['ref_match'].any(1).float()  # has a reference of the clip's own photo
    memory = []
    prev = torch.zeros(b, PREV_CHANNELS, h, w, device=l_true.device)
    shown = None  # the previous frame's output
    totals = dict.fromkeys(LOSS_WEIGHTS, 0.0)
    for t in range(frames):
        l = model.clean(l_in[:, t])
        if model.preproc is not None:
            totals['preproc'] += (l.float() - l_true[:, t]).abs().mean()
        out = model(l, sources + memory, prev)
        ab, truth = out.ab.float(), ab_true[:, t]
        totals['ab'] += (ab - truth).abs().mean()
        totals['smooth'] += smoothness(ab, l_true[:, t])
        # The warped colour can only be right where some source shows this photo.
        has_match = matched if t == 0 else torch.ones_like(matched)
        warp_err = (out.warped.float() - box_down(truth, out.warped.shape[-2:])).abs()
        warp_err = (warp_err.mean((1, 2, 3)) * has_match).sum() / has_match.sum().clamp(min=1)
        totals['warp'] += warp_err
        if t > 0:
            seen = F.grid_sample(shown, batch['flow'][:, t - 1], mode='bilinear',
                                 padding_mode='border', align_corners=False)
            totals['temporal'] += masked_l1(ab, seen, batch['flow_valid'][:, t - 1])
        shown = ab.detach()

        use_truth = (torch.rand(b, 1, 1, 1, device=ab.device) < truth_memory).float()
        prev_ab = use_truth * truth + (1 - use_truth) * shown
        entry = (out.key, model.value(out.fused, prev_ab), None)
        memory = [memory[0], entry] if memory else [entry]  # keyframe, previous (if not it)
        prev = torch.cat([l.detach().float(), prev_ab, torch.ones_like(l, dtype=torch.float)], 1)
    return {k: v / frames for k, v in totals.items()}


def config(args):
    """VColorNet's arguments, kept in the checkpoint."""
    c = {'preproc': not args.no_preproc}
    if args.mobilenet:
        c['mobilenet'] = args.mobilenet
    return c


def save(path, model, optimizer, step, args):
    tmp = path + '.tmp'
    torch.save({'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'step': step,
                'config': config(args), 'args': vars(args)}, tmp)
    os.replace(tmp, path)


def main():
    args = parse_args()
    deadline = time.time() + args.minutes * 60
    device = torch.device(args.device)
    cuda = device.type == 'cuda'
    if cuda:
        torch.backends.cudnn.benchmark = True
        torch.set_float32_matmul_precision('high')  # TF32 for the fp32 attention
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))

    model = VColorNet(**config(args)).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.99),
                                  weight_decay=1e-4)
    step = 0
    if args.resume:
        ckpt = torch.load(args.resume, map_location=device)
        model.load_state_dict(ckpt['model'])
        optimizer.load_state_dict(ckpt['optimizer'])
        step = ckpt['step']
        print('resumed %s at step %d' % (args.resume, step), flush=True)
    elif args.init:
        state = torch.load(args.init, map_location=device)['model']
        keep = {k: v for k, v in state.items()
                if args.keep_out or not k.startswith('decoder.out.')}
        keep['attention.null_value'] = expand_null_value(keep['attention.null_value'])
        null_key = model.attention.null_key
        if keep['attention.null_key'].shape[0] < null_key.shape[0]:  # --mobilenet: zeros
            keep['attention.null_key'] = torch.cat([
                keep['attention.null_key'],
                null_key.new_zeros(null_key.shape[0] - keep['attention.null_key'].shape[0])])
        model.load_state_dict(keep, strict=False)
        print('initialised from %s (%s)' % (args.init, 'all' if args.keep_out
                                             else 'all but decoder.out'), flush=True)
    if args.tau:
        # a fixed temperature: a sharper softmax moves patches of colour with less blending
        model.attention.set_temperature(args.tau)
        model.attention.log_tau.requires_grad_(False)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, 'ckpt.pt')

    # A new data seed per chunk: resuming never replays the samples of an earlier chunk.
    dataset = PseudoClips(args.data, args.crop, args.frames, args.refs,
                          seed=args.seed * 1_000_003 + step, first_ref=args.first_ref)
    loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch, shuffle=False,
                                         num_workers=args.workers, worker_init_fn=worker_init,
                                         pin_memory=cuda, drop_last=True,
                                         persistent_workers=args.workers > 0)
    torch.manual_seed(args.seed * 1_000_003 + step)
    model.train()
    sums, count, tick = {}, 0, time.time()
    for batch in loader:
        if time.time() >= deadline or stop:
            break
        batch = {k: v.to(device, non_blocking=True) for k, v in batch.items()}
        for group in optimizer.param_groups:
            group['lr'] = learning_rate(step, args)
        with torch.amp.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=cuda):
            losses = clip_losses(model, batch, args.truth_memory)
        loss = sum(LOSS_WEIGHTS[k] * v for k, v in losses.items())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1

        for k, v in losses.items():
            sums[k] = sums.get(k, 0.0) + float(v)
        sums['total'] = sums.get('total', 0.0) + float(loss)
        count += 1
        if step % args.log_every == 0:
            rate = count / (time.time() - tick)
            print('step %d lr %.2e %s | %.2f steps/s' % (
                step, learning_rate(step, args),
                ' '.join('%s %.4f' % (k, v / count) for k, v in sums.items()), rate), flush=True)
            sums, count, tick = {}, 0, time.time()
    save(ckpt_path, model, optimizer, step, args)
    print('saved %s at step %d (%.1f MiB)' % (ckpt_path, step, os.path.getsize(ckpt_path) / 2**20),
          flush=True)


if __name__ == '__main__':
    main()
