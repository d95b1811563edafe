"""The vcolorize network, built only from ops the C engine executes.

Ops used (and nothing else): conv2d 3x3 (replicate pad 1) or 1x1, stride 1|2, bias, BatchNorm
(folded into the conv at export), activation none|elu|relu|tanh fused after an optional residual
add (out = act(conv(x) + b + res)); bilinear resize (align_corners=False; an exact halving is a
2x2 box average); channel concatenation; elementwise add; L2 normalisation over channels; and
the joint-softmax attention of `Attention`. (The experiment `mobilenet=` -- train.py
--mobilenet -- adds a frozen MobileNetV2 that the engine cannot run; export.py refuses it.)

Units (see colour.py): l = L*/50 - 1, ab = (a*, b*)/110. Everything runs at the network
resolution (sides multiples of 32); features and attention at 1/8 of it. A source's value is
its features and its full-resolution ab as 8x8 patches (space-to-depth: 128 channels per 1/8
cell), so the attention moves whole patches of colour: the warped ab is back at full
resolution (depth-to-space) with the source's own detail, not an 8x upsampled average.

    l ──► Preproc ──► l' ──► Encoder ──► fused (1/8) ──► query/key = L2norm(1x1 conv)
                                 │ e1 (1/2), e2 (1/4)        │
    sources: references, keyframe, previous frame ──► Attention (+ learned null key/value)
                                 │                           │ attended [features ‖ ab], conf
                                 └──────────► Decoder ◄──────┘ ◄── prev [l, ab, valid]
                                                 │
                                                 ab = d2s(warped patches) + correction
"""
import math
from typing import NamedTuple

import torch
import torch.nn as nn
import torch.nn.functional as F

ACTIVATIONS = {'none': nn.Identity, 'elu': nn.ELU, 'relu': nn.ReLU, 'tanh': nn.Tanh}
FEATURES = 64  # width of the fused features, keys and values
ENCODER_WIDTHS = (32, 48, 64, 64, 64, 64)  # the six stride-2 layers: 1/2 ... 1/64
PREPROC_WIDTHS = (16, 32, 48, 64)  # the four stride-2 layers: 1/2 ... 1/16
PREV_CHANNELS = 4  # the previous frame: l, a, b, valid (all zero when there is none)
PATCH = 8  # the attention's cell: values carry ab as PATCH x PATCH patches
PATCH_AB = 2 * PATCH * PATCH  # their channels (space-to-depth order: c * 64 + y * 8 + x)
MOBILE_KEY = 32  # key channels from the optional frozen MobileNetV2 (mobilenet.py)


class Conv(nn.Module):
    """act(conv(x) + bias + res): 3x3 (replicate pad 1) or 1x1, stride 1 or 2, BN or bias."""

    def __init__(self, cin, cout, k=3, stride=1, bn=True, act='elu'):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, padding=k // 2,
                              padding_mode='replicate', bias=not bn)
        self.bn = nn.BatchNorm2d(cout) if bn else None
        self.act = ACTIVATIONS[act]()

    def forward(self, x, res=None):
        y = self.conv(x)
        if self.bn is not None:
            y = self.bn(y)
        if res is not None:
            y = y + res
        return self.act(y)


def resize(x, size):
    return F.interpolate(x, size=tuple(size), mode='bilinear', align_corners=False)


def box_down(x, size):
    """Downsample by repeated exact halvings (each a 2x2 box average), then to `size`."""
    while x.shape[-2] >= 2 * size[0] and x.shape[-1] >= 2 * size[1]:
        x = resize(x, (x.shape[-2] // 2, x.shape[-1] // 2))
    return x if tuple(x.shape[-2:]) == tuple(size) else resize(x, size)


class Preproc(nn.Module):
    """Encoder-decoder on l (seed 000 §5.1): 4 stride-2 convs down, 4 upsample+conv up with
    skips, BN+ELU, replicate padding; predicts a residual, so cleaned l = l + out."""

    def __init__(self):
        super().__init__()
        w = PREPROC_WIDTHS
        self.down = nn.ModuleList(Conv(cin, cout, stride=2) for cin, cout in zip((1,) + w, w))
        skips = (1,) + w[:-1]
        self.up = nn.ModuleList(Conv(cin + skip, skip if skip > 1 else w[0])
                                for cin, skip in zip(w[::-1], skips[::-1]))
        self.out = Conv(w[0], 1, bn=False, act='none')
        nn.init.zeros_(self.out.conv.weight)  # start as the identity
        nn.init.zeros_(self.out.conv.bias)

    def forward(self, l):
        skips = [l]
        x = l
        for conv in self.down:
            x = conv(x)
            skips.append(x)
        skips.pop()
        for conv in self.up:
            skip = skips.pop()
            x = conv(torch.cat([resize(x, skip.shape[-2:]), skip], 1))
        return self.out(x, res=l)


class ResBlock(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.a = Conv(width, width)
        self.b = Conv(width, width)

    def forward(self, x):
        return self.b(self.a(x), res=x)


class Encoder(nn.Module):
    """Six stride-2 conv layers (BN+ELU), multi-layer fusion at 1/8, two residual blocks.

    Intralayer fusion sums 1x1 projections of layers 2-6, interlayer fusion of layers 2, 4, 6,
    each resized to 1/8 (layer 3's resolution) and passed through ELU; the two are added.
    A 1x1 conv commutes with bilinear resizing, so coarse layers are projected before
    upsampling and layer 2 is box-downsampled (once) before projecting, the cheaper order
    both ways; the last term of each sum is the conv that adds the others as its residual."""

    def __init__(self):
        super().__init__()
        w = ENCODER_WIDTHS
        self.layers = nn.ModuleList(Conv(cin, cout, stride=2) for cin, cout in zip((1,) + w, w))
        self.intra = nn.ModuleDict({str(i): Conv(w[i - 1], FEATURES, k=1, bn=False,
                                                 act='elu' if i == 3 else 'none')
                                    for i in (2, 3, 4, 5, 6)})
        self.inter = nn.ModuleDict({str(i): Conv(w[i - 1], FEATURES, k=1, bn=False,
                                                 act='elu' if i == 2 else 'none')
                                    for i in (2, 4, 6)})
        self.blocks = nn.Sequential(ResBlock(FEATURES), ResBlock(FEATURES))

    @staticmethod
    def _fuse(convs, layers, last, size):
        acc = None
        for i, conv in convs.items():
            if int(i) != last:
                y = conv(layers[int(i)])
                y = y if tuple(y.shape[-2:]) == tuple(size) else resize(y, size)
                acc = y if acc is None else acc + y
        return convs[str(last)](layers[last], res=acc)

    def forward(self, l):
        """-> fused features at 1/8, skips [e1 (1/2), e2 (1/4)]."""
        layers = [l]
        for conv in self.layers:
            layers.append(conv(layers[-1]))
        size = layers[3].shape[-2:]
        at_fusion = list(layers)
        at_fusion[2] = box_down(layers[2], size)
        fused = (self._fuse(self.intra, at_fusion, 3, size)
                 + self._fuse(self.inter, at_fusion, 2, size))
        return self.blocks(fused), layers[1:3]


class Weigh(NamedTuple):
    """How the keys of one source are weighed at inference, as the C engine's VcNetAttend:
    BIAS is added to their logits, and a key d cells from its query's cell loses
    WEIGHT * (1 - exp(-d^2 / (2 RADIUS^2))) of its similarity (the source's grid must be the
    query's). The network is trained without either."""
    bias: float = 0.0
    weight: float = 0.0
    radius: float = 1.0


def locality_penalty(h, w, weight, radius, device=None):
    """(h*w queries, h*w keys) similarity penalty of Weigh on an h x w grid."""
    y, x = torch.meshgrid(torch.arange(h, dtype=torch.float32, device=device),
                          torch.arange(w, dtype=torch.float32, device=device), indexing='ij')
    cells = torch.stack([y.flatten(), x.flatten()], 1)
    d2 = torch.cdist(cells, cells).pow(2)
    return weight * (1 - torch.exp(-d2 / (2 * radius ** 2)))


class Attention(nn.Module):
    """Joint softmax over all keys of all sources plus a learned null key/value.

    s_j = q . k_j (both L2-normalised), out = sum_j softmax_j(s / tau) v_j, conf = max_j s_j.
    With no source the null value is all there is: the decoder falls back to automatic colour."""

    def __init__(self, channels, value_channels, tau=0.02):
        super().__init__()
        self.null_key = nn.Parameter(torch.randn(channels))
        self.null_value = nn.Parameter(torch.zeros(value_channels))
        self.log_tau = nn.Parameter(torch.tensor(math.log(tau)))
        self.last_macs = 0  # of the latest call, for the FLOP count

    def set_temperature(self, tau):
        """Fixes tau (train.py --tau; export.py and eval_dev.py --tau: a sharper softmax at
        inference than in training)."""
        with torch.no_grad():
            self.log_tau.fill_(math.log(tau))

    def forward(self, q, sources, weigh=None):
        """q (B, C, H, W); sources: [(key (B, C, h, w), value (B, Cv, h, w), mask (B,) | None)];
        weigh: None or a Weigh per source -> attended (B, Cv, H, W), conf (B, 1, H, W). Always
        in fp32: with tau ~0.02, bf16 similarities (8-bit mantissa) would put noise of ~0.2 on
        the logits."""
        b, c, h, w = q.shape
        keys = [F.normalize(self.null_key, dim=0).view(1, c, 1).expand(b, c, 1)]
        values = [self.null_value.view(1, -1, 1).expand(b, -1, 1)]
        masks = [torch.ones(b, 1, dtype=torch.bool, device=q.device)]
        tau = self.log_tau.exp()
        offsets = [torch.zeros(h * w, 1, device=q.device)]  # added to the logits
        for i, (key, value, mask) in enumerate(sources):
            n = key.shape[-2] * key.shape[-1]
            keys.append(key.flatten(2))
            values.append(value.flatten(2))
            valid = torch.ones(b, dtype=torch.bool, device=q.device) if mask is None else mask
            masks.append(valid.view(b, 1).expand(b, n))
            if weigh:  # (not in training)
                offset = torch.full((h * w, n), float(weigh[i].bias), device=q.device)
                if weigh[i].weight:
                    assert key.shape[-2:] == q.shape[-2:], 'locality needs the query grid'
                    offset -= locality_penalty(h, w, weigh[i].weight, weigh[i].radius,
                                               q.device) / tau
                offsets.append(offset)
        with torch.autocast(device_type=q.device.type, enabled=False):
            keys = torch.cat([k.float() for k in keys], 2)
            values = torch.cat([v.float() for v in values], 2)
            mask = torch.cat(masks, 1).unsqueeze(1)
            s = torch.einsum('bcq,bck->bqk', q.flatten(2).float(), keys)
            conf = s.masked_fill(~mask, -1.0).amax(2)
            logits = s / tau + torch.cat(offsets, 1) if weigh else s / tau
            logits = logits.masked_fill(~mask, float('-inf'))
            out = torch.einsum('bqk,bvk->bvq', torch.softmax(logits, 2), values)
        self.last_macs = h * w * keys.shape[2] * (c + values.shape[1])
        return out.reshape(b, -1, h, w), conf.view(b, 1, h, w)


class Decoder(nn.Module):
    """Upsample + 3x3 conv + BN + ELU stages from 1/8 to 1/1 with U-Net skips from the frame
    encoder; the previous frame enters at 1/8 and at 1/1. The output is a correction of the
    attention's warped ab patches put back at 1/1: ab = d2s(patches) + conv(x). The last conv
    starts at zero, so an untrained decoder already passes the matched colours through, and
    training only has to learn where they need fixing (unmatched regions, patch seams). d0
    sees the attended features and the patches' mean ab (a linear map of the patches: the
    export folds it into d0's weights)."""

    def __init__(self):
        super().__init__()
        e1, e2 = ENCODER_WIDTHS[:2]
        attended = FEATURES + 2
        self.d0 = Conv(FEATURES + attended + 1 + PREV_CHANNELS, 64)
        self.d1 = Conv(64 + e2, 48)
        self.d2 = Conv(48 + e1, 32)
        self.d3 = Conv(32 + 1 + PREV_CHANNELS, 16)
        self.out = Conv(16, 2, bn=False, act='none')
        nn.init.zeros_(self.out.conv.weight)
        nn.init.zeros_(self.out.conv.bias)

    def forward(self, l, fused, skips, attended, conf, prev):
        e1, e2 = skips
        feats, patches = attended[:, :FEATURES], attended[:, FEATURES:]
        x = self.d0(torch.cat([fused, feats, patch_mean(patches), conf,
                               box_down(prev, fused.shape[-2:])], 1))
        x = self.d1(torch.cat([resize(x, e2.shape[-2:]), e2], 1))
        x = self.d2(torch.cat([resize(x, e1.shape[-2:]), e1], 1))
        x = self.d3(torch.cat([resize(x, l.shape[-2:]), l, prev], 1))
        return self.out(x, res=F.pixel_shuffle(patches, PATCH))


def patch_mean(patches):
    """(B, 128, h, w) ab patches -> their mean ab (B, 2, h, w)."""
    b, _, h, w = patches.shape
    return patches.view(b, 2, PATCH * PATCH, h, w).mean(2)


def expand_null_value(v):
    """A null value of the earlier design ([features, ab]: FEATURES + 2) as patches."""
    if v.shape[0] == FEATURES + 2:
        v = torch.cat([v[:FEATURES], v[FEATURES:].repeat_interleave(PATCH * PATCH)])
    return v


class Frame(NamedTuple):
    ab: torch.Tensor  # (B, 2, H, W)
    warped: torch.Tensor  # attention's warped ab, its patches' mean at 1/8 (B, 2, H/8, W/8)
    conf: torch.Tensor  # (B, 1, H/8, W/8)
    key: torch.Tensor  # L2-normalised key at 1/8: the frame's query, later a memory key
    fused: torch.Tensor  # fused features at 1/8: later a memory value


class VColorNet(nn.Module):
    """mobilenet: None, or a layer of the frozen MobileNetV2 of mobilenet.py at 1/8 (e.g.
    'block_6_expand_relu') whose features, projected by a learned 1x1 conv (zero at first),
    join the key: an experiment (train.py --mobilenet); the engine has no such ops."""

    def __init__(self, preproc=True, mobilenet=None):
        super().__init__()
        self.preproc = Preproc() if preproc else None
        self.encoder = Encoder()
        self.match = Conv(FEATURES, FEATURES, k=1, bn=False, act='none')
        self.mobilenet = None
        if mobilenet:
            from mobilenet import MobileNetTrunk
            self.mobilenet = MobileNetTrunk(mobilenet)
            self.mobile_match = Conv(self.mobilenet.channels, MOBILE_KEY, k=1, bn=False,
                                     act='none')
            nn.init.zeros_(self.mobile_match.conv.weight)
        self.attention = Attention(FEATURES + (MOBILE_KEY if mobilenet else 0),
                                   FEATURES + PATCH_AB)
        self.decoder = Decoder()

    def clean(self, l):
        return self.preproc(l) if self.preproc is not None else l

    def key(self, fused, l):
        k = self.match(fused)
        if self.mobilenet is not None:
            k = torch.cat([k, self.mobile_match(self.mobilenet(l.detach()).to(k.dtype))], 1)
        return F.normalize(k, dim=1)

    @staticmethod
    def value(fused, ab):
        return torch.cat([fused, F.pixel_unshuffle(ab.to(fused.dtype), PATCH)], 1)

    def source(self, l, ab):
        """Key and value of a colour image (a reference): computed once, not per frame."""
        fused, _ = self.encoder(l)
        return self.key(fused, l), self.value(fused, ab)

    def forward(self, l, sources, prev, weigh=None):
        """l: cleaned l (B, 1, H, W); sources: [(key, value, mask | None)] from `source` or
        from earlier frames (key, value(fused, ab)); prev: (B, 4, H, W) = [l, ab, 1] of the
        previous frame, or zeros; weigh: None or a Weigh per source (inference only).
        -> Frame."""
        fused, skips = self.encoder(l)
        key = self.key(fused, l)
        attended, conf = self.attention(key, sources, weigh)
        ab = self.decoder(l, fused, skips, attended, conf, prev)
        return Frame(ab, patch_mean(attended[:, FEATURES:]), conf, key, fused)


def count_flops(model, h, w, refs=1):
    """Per-frame GFLOPs at h x w (conv MACs x2 + attention MACs x2) with `refs` references
    and a full memory (keyframe and previous frame); reference encoding is not per frame."""
    macs = [0]

    def hook(module, inputs, output):
        k = module.kernel_size[0] * module.kernel_size[1]
        macs[0] += output.numel() // output.shape[0] * module.in_channels * k // module.groups

    with torch.no_grad():
        l = torch.zeros(1, 1, h, w)
        ab = torch.zeros(1, 2, h, w)
        sources = [model.source(l, ab) + (None,) for _ in range(refs + 2)]
        handles = [m.register_forward_hook(hook) for m in model.modules()
                   if isinstance(m, nn.Conv2d)]
        model(model.clean(l), sources, torch.zeros(1, PREV_CHANNELS, h, w))
        for handle in handles:
            handle.remove()
    return 2 * (macs[0] + model.attention.last_macs) / 1e9


def describe(model, h=256, w=448):
    parts = {name: sum(p.numel() for p in m.parameters()) for name, m in model.named_children()}
    total = sum(p.numel() for p in model.parameters())
    lines = ['parameters: %d (%s)' % (total, ', '.join('%s %d' % kv for kv in parts.items()))]
    for refs in (1, 2):
        lines.append('GFLOPs/frame at %dx%d, %d reference(s) + keyframe + previous: %.2f'
                     % (h, w, refs, count_flops(model.eval(), h, w, refs)))
    return '\n'.join(lines)


if __name__ == '__main__':
    print(describe(VColorNet()))
    print('without preprocessing:', describe(VColorNet(preproc=False)).split('\n')[1])
