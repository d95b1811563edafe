"""The model file's graph (models/FORMAT.md), built from a VColorNet.

`build(model)` returns the graph (a dict, written as JSON into the file's metadata) and the
weights it names (float32 numpy arrays): BatchNorm folded into the convs, concatenation inputs
of convs reordered and zero-padded to the engine's channel layout, the attention's null key
L2-normalised. `interp.py` runs such a graph; export.py checks it against net.py.

Concatenations are channel views of one buffer: each part starts at a multiple of 4 channels
(the engine packs channels by four), so a part's producer writes straight into it. The channel
order inside a buffer is free (the conv that reads it gets its weights permuted to match), which
lets the 1-, 2- and 4-channel parts be placed without padding where possible.

A source's value in the attention's memory is [features 64 ‖ ab as 8×8 patches 128]
(net.VColorNet.value): the patches are a space_to_depth of the full-resolution ab straight
into the slot's value channels; the attended patches go back to full resolution with
depth_to_space, and their mean (what net.py's decoder reads) is folded into d0's weights.
"""
import numpy as np
import torch

import net as netdef

AB_SCALE = 110.0


def fold(conv):
    """(weight, bias) of a net.Conv with its BatchNorm (eval statistics) folded in."""
    w = conv.conv.weight.detach().double()
    b = (conv.conv.bias.detach().double() if conv.conv.bias is not None
         else torch.zeros(w.shape[0], dtype=torch.float64))
    if conv.bn is not None:
        bn = conv.bn
        scale = bn.weight.detach().double() / torch.sqrt(bn.running_var.double() + bn.eps)
        w = w * scale.view(-1, 1, 1, 1)
        b = (b - bn.running_mean.double()) * scale + bn.bias.detach().double()
    return w, b


def act_name(conv):
    for name, cls in netdef.ACTIVATIONS.items():
        if type(conv.act) is cls:
            return name
    raise ValueError('unknown activation %r' % conv.act)


class Builder:
    def __init__(self):
        self.tensors = {}
        self.subgraphs = {}
        self.weights = {}
        self.replace = {}  # weight name -> used instead of the folded weight
        self.sub = None

    # ---- tensors ----
    def buffer(self, name, c, scale):
        assert name not in self.tensors, name
        self.tensors[name] = {'c': c, 'scale': scale}
        return name

    def concat(self, name, scale, parts):
        """A buffer with its parts as views: [(part name, channels)] in buffer order, each part
        at the next multiple of 4. Returns {part: offset}."""
        offsets, at = {}, 0
        for part, c in parts:
            offsets[part] = at
            at += c if part == parts[-1][0] else (c + 3) // 4 * 4
        self.buffer(name, at, scale)
        for part, c in parts:
            self.view(part, name, offsets[part], c)
        return offsets

    def view(self, name, base, offset, c):
        assert name not in self.tensors, name
        self.tensors[name] = {'view': base, 'offset': offset, 'c': c}
        return name

    def slot(self, name, kind, offset, c):
        assert name not in self.tensors, name
        self.tensors[name] = {'slot': kind, 'offset': offset, 'c': c}
        return name

    def channels(self, name):
        return self.tensors[name]['c']

    # ---- nodes ----
    def begin(self, role, inputs, outputs):
        self.sub = {'inputs': inputs, 'outputs': outputs, 'nodes': []}
        self.subgraphs[role] = self.sub

    def node(self, op, name, **attrs):
        self.sub['nodes'].append(dict(name=name, op=op, **attrs))

    def weight(self, name, array):
        """Registers a weight; a name registered again (shared weights) must hold the same."""
        array = np.asarray(array, dtype=np.float64)
        if name in self.weights:
            assert np.array_equal(self.weights[name], array), name
        self.weights[name] = array
        return name

    def conv(self, name, conv, src, out, res=None, param=None):
        """A net.Conv (BN folded) whose weights are named after PARAM (default NAME), the
        module's path; self.replace may hold a reordered weight for PARAM."""
        param = param or name
        w, b = fold(conv)
        w = self.replace.get(param + '.weight', w)
        k, stride = conv.conv.kernel_size[0], conv.conv.stride[0]
        assert w.shape == (self.channels(out), self.channels(src), k, k), (name, w.shape)
        attrs = dict(input=src, output=out, kernel=k, stride=stride, act=act_name(conv),
                     weight=self.weight(param + '.weight', w),
                     bias=self.weight(param + '.bias', b))
        if res is not None:
            attrs['residual'] = res
        self.node('conv2d', name, **attrs)

    def resize(self, name, src, out):
        self.node('resize', name, input=src, output=out)

    def add(self, name, a, b, out):
        self.node('add', name, a=a, b=b, output=out)

    def affine(self, name, src, out, scale, offset=0.0):
        self.node('affine', name, input=src, output=out, scale=scale, offset=offset)

    def space_to_depth(self, name, src, out, factor, scale=1.0):
        self.node('space_to_depth', name, input=src, output=out, factor=factor, scale=scale)

    def depth_to_space(self, name, src, out, factor, scale=1.0):
        self.node('depth_to_space', name, input=src, output=out, factor=factor, scale=scale)

    def box_down(self, name, src, out, c, scale_from, scale_to):
        """Exact 2x2 halvings (net.box_down at sides that are multiples of the scales)."""
        s = scale_from * 2
        while s < scale_to:
            self.buffer('%s.%d' % (name, s), c, s)
            self.resize('%s.%d' % (name, s), src, '%s.%d' % (name, s))
            src, s = '%s.%d' % (name, s), s * 2
        self.resize(name, src, out)


def reorder(weight, torch_parts, cin):
    """Conv weight with its input channels moved: torch_parts lists (channels, offset in the
    engine's buffer) in PyTorch's concatenation order, or (channels, offset, n) for a part that
    PyTorch reads as the mean of n consecutive engine channels each (net.patch_mean): each of
    its channels' weight is spread over those n, divided by n. Channels not covered are zero."""
    out = torch.zeros(weight.shape[0], cin, *weight.shape[2:], dtype=weight.dtype)
    at = 0
    for part in torch_parts:
        c, offset, n = part if len(part) == 3 else part + (1,)
        out[:, offset:offset + c * n] = weight[:, at:at + c].repeat_interleave(n, dim=1) / n
        at += c
    assert at == weight.shape[1]
    return out


def emit_clean(g, model):
    """clean: L (L*) -> l' (network units), through the preprocessing net if there is one."""
    g.begin('clean', ['L'], ['l'])
    pre = model.preproc
    if pre is None:
        g.affine('units.l', 'L', 'l', 1 / 50, -1.0)
        return
    w = netdef.PREPROC_WIDTHS
    n = len(w)
    # Up step i joins the skip of level n-1-i (scale 2**level); level 0's skip is l itself,
    # which the unit conversion writes straight into that concatenation.
    for i in range(n):
        level = n - 1 - i
        x_c = w[-1] if i == 0 else pre.up[i - 1].conv.out_channels
        skip, skip_c = ('pre.l', 1) if level == 0 else ('pre.down.%d' % (level - 1), w[level - 1])
        g.concat('pre.up.%d.in' % i, 2 ** level, [('pre.up.%d.x' % i, x_c), (skip, skip_c)])
        g.buffer('pre.up.%d' % i, pre.up[i].conv.out_channels, 2 ** level)
    g.buffer('pre.down.%d' % (n - 1), w[-1], 2 ** n)
    g.affine('units.l', 'L', 'pre.l', 1 / 50, -1.0)
    x = 'pre.l'
    for i, conv in enumerate(pre.down):
        g.conv('preproc.down.%d' % i, conv, x, 'pre.down.%d' % i)
        x = 'pre.down.%d' % i
    for i, conv in enumerate(pre.up):
        g.resize('preproc.up.%d.resize' % i, x, 'pre.up.%d.x' % i)
        g.conv('preproc.up.%d' % i, conv, 'pre.up.%d.in' % i, 'pre.up.%d' % i)
        x = 'pre.up.%d' % i
    g.conv('preproc.out', pre.out, x, 'l', res='pre.l')


def emit_encoder(g, model, p, l, e1, e2, fused):
    """Encoder and fusion on L (prefix P for the private tensors) -> E1, E2 and FUSED, which
    the caller has declared (they may be views of the decoder's concatenations)."""
    enc = model.encoder
    w = [conv.conv.out_channels for conv in enc.layers]
    feat = netdef.FEATURES
    names = [l, e1, e2] + [g.buffer('%se%d' % (p, i), w[i - 1], 2 ** i) for i in range(3, 7)]
    for i, conv in enumerate(enc.layers):
        g.conv('%sencoder.layers.%d' % (p, i), conv, names[i], names[i + 1],
               param='encoder.layers.%d' % i)
    g.buffer(p + 'e2.down', w[1], 8)
    g.resize(p + 'e2.down', e2, p + 'e2.down')
    at_fusion = dict(enumerate(names))
    at_fusion[2] = p + 'e2.down'

    def fuse(kind, convs, last, out):
        acc = None
        for i, conv in convs.items():
            i = int(i)
            if i == last:
                continue
            y = g.buffer('%s%s.%d' % (p, kind, i), feat, 8 if i <= 3 else 2 ** i)
            g.conv('%sencoder.%s.%d' % (p, kind, i), conv, at_fusion[i], y,
                   param='encoder.%s.%d' % (kind, i))
            if i > 3:
                g.buffer(y + '.up', feat, 8)
                g.resize(y + '.up', y, y + '.up')
                y += '.up'
            if acc is not None:
                g.buffer(y + '.sum', feat, 8)
                g.add(y + '.sum', acc, y, y + '.sum')
                y += '.sum'
            acc = y
        g.buffer(out, feat, 8)
        g.conv('%sencoder.%s.%d' % (p, kind, last), convs[str(last)], at_fusion[last], out,
               res=acc, param='encoder.%s.%d' % (kind, last))

    fuse('intra', enc.intra, 3, p + 'intra')
    fuse('inter', enc.inter, 2, p + 'inter')
    x = g.buffer(p + 'fused.0', feat, 8)
    g.add(p + 'fusion', p + 'intra', p + 'inter', x)
    for i, block in enumerate(enc.blocks):
        a = g.buffer('%sblock.%d.a' % (p, i), feat, 8)
        g.conv('%sencoder.blocks.%d.a' % (p, i), block.a, x, a, param='encoder.blocks.%d.a' % i)
        out = fused if i == len(enc.blocks) - 1 else g.buffer('%sblock.%d' % (p, i), feat, 8)
        g.conv('%sencoder.blocks.%d.b' % (p, i), block.b, a, out, res=x,
               param='encoder.blocks.%d.b' % i)
        x = out


def emit_key(g, model, p, fused, key):
    g.buffer(p + 'key.raw', netdef.FEATURES, 8)
    g.conv(p + 'match', model.match, fused, p + 'key.raw', param='match')
    g.node('l2norm', p + 'key', input=p + 'key.raw', output=key, eps=1e-12)


def emit_source(g, model):
    """source: ref_L (L*), ref_ab (a*b*) -> its key and value, written into a memory slot."""
    g.begin('source', ['ref_L', 'ref_ab'], [])
    e1, e2 = [conv.conv.out_channels for conv in model.encoder.layers[:2]]
    g.buffer('src.l', 1, 1)
    g.affine('src.units.l', 'ref_L', 'src.l', 1 / 50, -1.0)
    g.buffer('src.e1', e1, 2)
    g.buffer('src.e2', e2, 4)
    feat = netdef.FEATURES
    g.slot('src.key', 'key', 0, feat)
    g.slot('src.fused', 'value', 0, feat)
    g.slot('src.ab', 'value', feat, netdef.PATCH_AB)
    emit_encoder(g, model, 'src.', 'src.l', 'src.e1', 'src.e2', 'src.fused')
    emit_key(g, model, 'src.', 'src.fused', 'src.key')
    g.space_to_depth('src.units.ab', 'ref_ab', 'src.ab', netdef.PATCH, 1 / AB_SCALE)


def emit_frame(g, model):
    """frame: l' and prev -> ab (a*b*), conf, warped (a*b*), key, and what memory/prev need."""
    g.begin('frame', ['l', 'prev'], ['ab', 'conf', 'warped', 'key', 'fused', 'ab.net'])
    dec = model.decoder
    feat, e1, e2 = (netdef.FEATURES,) + tuple(c.conv.out_channels for c in model.encoder.layers[:2])
    emit_encoder(g, model, '', 'l', 'e1', 'e2', 'fused')
    g.buffer('key', feat, 8)
    emit_key(g, model, '', 'fused', 'key')
    g.node('attention', 'attention', query='key', output='attended', conf='conf',
           tau=float(model.attention.log_tau.detach().double().exp()))
    g.box_down('prev.down', 'prev', 'prev.8', netdef.PREV_CHANNELS, 1, 8)
    g.conv('decoder.d0', dec.d0, 'd0.in', 'd0')
    g.resize('decoder.d0.up', 'd0', 'd1.x')
    g.conv('decoder.d1', dec.d1, 'd1.in', 'd1')
    g.resize('decoder.d1.up', 'd1', 'd2.x')
    g.conv('decoder.d2', dec.d2, 'd2.in', 'd2')
    g.resize('decoder.d2.up', 'd2', 'd3.x')
    g.conv('decoder.d3', dec.d3, 'd3.in', 'd3')
    g.buffer('warped.up', 2, 1)
    g.depth_to_space('decoder.warped.up', 'attended.ab', 'warped.up', netdef.PATCH)
    g.conv('decoder.out', dec.out, 'd3', 'ab.net', res='warped.up')
    g.affine('units.ab', 'ab.net', 'ab', AB_SCALE)
    # warped = the patches' mean in a*b*: a 1x1 conv with AB_SCALE / 64 on each patch's pixels
    n = netdef.PATCH * netdef.PATCH
    w = torch.zeros(2, netdef.PATCH_AB, 1, 1, dtype=torch.float64)
    w[0, :n] = w[1, n:] = AB_SCALE / n
    g.node('conv2d', 'units.warped', input='attended.ab', output='warped', kernel=1, stride=1,
           act='none', weight=g.weight('units.warped.weight', w))


def declare_decoder(g, model):
    """The decoder's concatenations, shared by clean, frame, memory and prev; returns the
    offset of ab.net in the view lab."""
    dec = model.decoder
    feat, pc = netdef.FEATURES, netdef.PREV_CHANNELS
    e1, e2 = [conv.conv.out_channels for conv in model.encoder.layers[:2]]
    # d0: PyTorch [fused 64, attended features 64, patch mean 2, conf 1, prev 4]; here the
    # attention writes [features 64, patches 128] and d0 reads the patches with the mean
    # folded into its weights (each patch pixel gets 1/64 of the mean's weight).
    value_c = feat + netdef.PATCH_AB
    n = netdef.PATCH * netdef.PATCH
    o = g.concat('d0.in', 8, [('fused', feat), ('attended', value_c), ('prev.8', pc),
                              ('conf', 1)])
    g.view('attended.ab', 'd0.in', o['attended'] + feat, netdef.PATCH_AB)
    parts = [(feat, 0), (feat, o['attended']), (2, o['attended'] + feat, n), (1, o['conf']),
             (pc, o['prev.8'])]
    g.replace['decoder.d0.weight'] = reorder(fold(dec.d0)[0], parts, g.channels('d0.in'))
    g.buffer('d0', dec.d0.conv.out_channels, 8)
    g.concat('d1.in', 4, [('d1.x', dec.d0.conv.out_channels), ('e2', e2)])
    g.buffer('d1', dec.d1.conv.out_channels, 4)
    g.concat('d2.in', 2, [('d2.x', dec.d1.conv.out_channels), ('e1', e1)])
    g.buffer('d2', dec.d2.conv.out_channels, 2)
    # d3: PyTorch [x 32, l 1, prev 4]; here [x, prev, l] with ab behind, so that l' and ab
    # are next to each other for the prev conv and nothing needs padding.
    o = g.concat('d3.buf', 1, [('d3.x', dec.d2.conv.out_channels), ('prev', pc), ('l', 1),
                               ('ab.net', 2)])
    g.view('d3.in', 'd3.buf', 0, o['l'] + 1)
    g.view('lab', 'd3.buf', o['l'], o['ab.net'] + 2 - o['l'])
    parts = [(dec.d2.conv.out_channels, 0), (1, o['l']), (pc, o['prev'])]
    g.replace['decoder.d3.weight'] = reorder(fold(dec.d3)[0], parts, g.channels('d3.in'))
    g.buffer('d3', dec.d3.conv.out_channels, 1)
    return o['ab.net'] - o['l']


def build(model):
    """-> (graph dict, {weight name: float32 array}) for a VColorNet in eval mode."""
    g = Builder()
    feat = netdef.FEATURES
    g.buffer('L', 1, 1)
    g.buffer('ref_L', 1, 1)
    g.buffer('ref_ab', 2, 1)
    g.buffer('ab', 2, 1)
    g.buffer('warped', 2, 8)
    ab_at = declare_decoder(g, model)
    emit_clean(g, model)
    emit_source(g, model)
    emit_frame(g, model)

    g.begin('memory', ['key', 'fused', 'ab.net'], [])
    g.slot('mem.key', 'key', 0, feat)
    g.slot('mem.fused', 'value', 0, feat)
    g.slot('mem.ab', 'value', feat, netdef.PATCH_AB)
    g.affine('memory.key', 'key', 'mem.key', 1.0)
    g.affine('memory.fused', 'fused', 'mem.fused', 1.0)
    g.space_to_depth('memory.ab', 'ab.net', 'mem.ab', netdef.PATCH)

    # prev = [l', ab, 1]: a 1x1 conv over the view [l', 0, 0, 0, a, b] of d3.buf.
    g.begin('prev', ['l', 'ab.net'], ['prev'])
    w = torch.zeros(netdef.PREV_CHANNELS, g.channels('lab'), 1, 1)
    w[0, 0] = w[1, ab_at] = w[2, ab_at + 1] = 1.0
    b = torch.tensor([0.0, 0.0, 0.0, 1.0])
    g.node('conv2d', 'prev', input='lab', output='prev', kernel=1, stride=1, act='none',
           weight=g.weight('prev.weight', w), bias=g.weight('prev.bias', b))

    a = model.attention
    null_key = torch.nn.functional.normalize(a.null_key.detach().double(), dim=0)
    graph = {
        'memory': {'key': {'c': feat, 'scale': 8},
                   'value': {'c': feat + netdef.PATCH_AB, 'scale': 8},
                   'null_key': g.weight('attention.null_key', null_key),
                   'null_value': g.weight('attention.null_value', a.null_value.detach())},
        'tensors': g.tensors,
        'subgraphs': g.subgraphs,
    }
    return graph, g.weights
