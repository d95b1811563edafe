"""Runs a model file's graph (models/FORMAT.md) with plain PyTorch ops.

This is the reference semantics of the format: export.py checks with it that an exported graph
computes what net.py computes, and make_fixtures.py makes the engine's parity fixtures with it.
Also reads and writes safetensors files (no dependency beyond numpy).
"""
import json
import struct

import numpy as np
import torch
import torch.nn.functional as F

ACTIVATIONS = {'none': lambda x: x, 'elu': F.elu, 'relu': F.relu, 'tanh': torch.tanh}
DTYPES = {'F16': np.float16, 'F32': np.float32, 'I32': np.int32}


def write_safetensors(path, tensors, metadata):
    """TENSORS: {name: numpy array (float16, float32 or int32)}; METADATA: {str: str}. Larger
    element types first, so that every tensor's offset is aligned to its element size."""
    names = {v: k for k, v in DTYPES.items()}
    header, blobs, offset = {}, [], 0
    for name, a in sorted(tensors.items(), key=lambda kv: -kv[1].dtype.itemsize):
        data = np.ascontiguousarray(a).tobytes()
        header[name] = {'dtype': names[a.dtype.type], 'shape': list(a.shape),
                        'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header['__metadata__'] = metadata
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    """-> ({name: numpy array}, metadata dict)."""
    with open(path, 'rb') as f:
        raw = f.read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    metadata = header.pop('__metadata__', {})
    data = raw[8 + n:]
    tensors = {}
    for name, t in header.items():
        begin, end = t['data_offsets']
        tensors[name] = np.frombuffer(data[begin:end], DTYPES[t['dtype']]).reshape(t['shape'])
    return tensors, metadata


def side(n, scale):
    return -(-n // scale)


class Runner:
    """The graph's tensors and memory at one network resolution; run(role) executes a
    subgraph. Tensors are (C, H, W) torch tensors of DTYPE."""

    def __init__(self, graph, weights, h, w, n_slots, dtype=torch.float64):
        self.graph = graph
        self.tensors = graph['tensors']
        self.weights = {k: torch.from_numpy(np.asarray(v)).to(dtype)
                        for k, v in weights.items()}
        self.h, self.w = h, w
        self.buffers = {name: torch.zeros(t['c'], side(h, t['scale']), side(w, t['scale']),
                                          dtype=dtype)
                        for name, t in self.tensors.items() if 'scale' in t}
        mem = graph['memory']
        self.slot_hw = (side(h, mem['key']['scale']), side(w, mem['key']['scale']))
        n = self.slot_hw[0] * self.slot_hw[1]
        self.memory = {kind: torch.zeros(mem[kind]['c'], 1 + n_slots * n, dtype=dtype)
                       for kind in ('key', 'value')}
        self.memory['key'][:, 0] = self.weights[mem['null_key']]
        self.memory['value'][:, 0] = self.weights[mem['null_value']]
        self.slot = None
        self.n_active = 0

    def _slot_columns(self):
        n = self.slot_hw[0] * self.slot_hw[1]
        return slice(1 + self.slot * n, 1 + (self.slot + 1) * n)

    def read(self, name):
        t = self.tensors[name]
        if 'scale' in t:
            return self.buffers[name]
        channels = slice(t['offset'], t['offset'] + t['c'])
        if 'view' in t:
            return self.buffers[t['view']][channels]
        m = self.memory[t['slot']][channels, self._slot_columns()]
        return m.reshape(t['c'], *self.slot_hw)

    def write(self, name, value):
        target = self.read(name)
        assert target.shape == value.shape, (name, target.shape, value.shape)
        t = self.tensors[name]
        if 'slot' in t:
            channels = slice(t['offset'], t['offset'] + t['c'])
            self.memory[t['slot']][channels, self._slot_columns()] = value.reshape(t['c'], -1)
        else:
            target.copy_(value)

    def run(self, role, slot=None, n_active=0):
        """Executes subgraph ROLE; SLOT for source and memory, N_ACTIVE (slots 0..n-1 that the
        attention sees besides the null key) for frame."""
        self.slot, self.n_active = slot, n_active
        for node in self.graph['subgraphs'][role]['nodes']:
            getattr(self, '_' + node['op'])(node)

    def _conv2d(self, n):
        x = self.read(n['input'])[None]
        if n['kernel'] == 3:
            x = F.pad(x, (1, 1, 1, 1), mode='replicate')
        bias = self.weights[n['bias']] if 'bias' in n else None
        y = F.conv2d(x, self.weights[n['weight']], bias, stride=n['stride'])[0]
        if 'residual' in n:
            y = y + self.read(n['residual'])
        self.write(n['output'], ACTIVATIONS[n['act']](y))

    def _resize(self, n):
        size = self.read(n['output']).shape[1:]
        x = F.interpolate(self.read(n['input'])[None], size=tuple(size), mode='bilinear',
                          align_corners=False)
        self.write(n['output'], x[0])

    def _add(self, n):
        self.write(n['output'], self.read(n['a']) + self.read(n['b']))

    def _affine(self, n):
        self.write(n['output'], n['scale'] * self.read(n['input']) + n['offset'])

    def _space_to_depth(self, n):
        x = F.pixel_unshuffle(self.read(n['input'])[None], n['factor'])[0]
        self.write(n['output'], n['scale'] * x)

    def _depth_to_space(self, n):
        x = F.pixel_shuffle(self.read(n['input'])[None], n['factor'])[0]
        self.write(n['output'], n['scale'] * x)

    def _l2norm(self, n):
        self.write(n['output'], F.normalize(self.read(n['input']), dim=0, eps=n['eps']))

    def _attention(self, n):
        q = self.read(n['query'])
        c, h, w = q.shape
        n_keys = 1 + self.n_active * self.slot_hw[0] * self.slot_hw[1]
        keys = self.memory['key'][:, :n_keys]
        values = self.memory['value'][:, :n_keys]
        s = q.reshape(c, -1).t() @ keys
        out = torch.softmax(s / n['tau'], dim=1) @ values.t()
        self.write(n['output'], out.t().reshape(-1, h, w))
        if 'conf' in n:
            self.write(n['conf'], s.amax(1).reshape(1, h, w))
