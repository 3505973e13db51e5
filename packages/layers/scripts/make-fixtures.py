#!/usr/bin/python3
"""PyTorch parity fixtures for @weft/layers (Debian python3-torch 1.13, CPU, float32).

For each case: a PyTorch module with seeded random weights, an input, and the module's output in
eval mode (dropout off). The weights are written already converted to Weft's layouts and in the
layer's `weights` order, so the test only assigns them: Dense kernel [in, out] = Linear.weight.T;
Conv2D kernel HWIO = Conv2d.weight.permute(2, 3, 1, 0), activations NHWC; attention projections
[in, heads*dim] = in_proj_weight blocks transposed; LSTM/GRU kernels = weight_ih.T (GRU gates
reordered from PyTorch's r, z, n to Keras' z, r, n; LSTM biases b_ih + b_hh summed).

Usage: /usr/bin/python3 packages/layers/scripts/make-fixtures.py
Writes packages/layers/src/__fixtures__/torch-parity.json (committed; Weft never runs Python).
"""
import json
import os

import torch

torch.manual_seed(0)
torch.set_grad_enabled(False)


def t(x):
    """{shape, values} of a tensor, values rounded to float32's precision."""
    x = x.detach().contiguous().float()
    return {'shape': list(x.shape), 'values': [float(f'{v:.8g}') for v in x.flatten().tolist()]}


def rand(*shape, scale=1.0):
    return (torch.rand(*shape) * 2 - 1) * scale


def randomize(module, scale=0.5):
    for p in module.parameters():
        p.copy_(rand(*p.shape, scale=scale))
    return module


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def dense_case():
    m = randomize(torch.nn.Linear(5, 3))
    x = rand(4, 5)
    return {'layer': 'Dense', 'config': {'units': 3}, 'weights': [t(m.weight.T), t(m.bias)],
            'input': t(x), 'output': t(m(x))}


def conv_case(cin, cout, kernel, stride, padding, dilation, tf_padding, size):
    m = randomize(torch.nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding, dilation=dilation))
    x = rand(2, cin, *size)
    config = {'filters': cout, 'kernelSize': list(kernel), 'strides': list(stride), 'padding': tf_padding,
              'dilationRate': list(dilation)}
    return {'layer': 'Conv2D', 'config': config, 'weights': [t(m.weight.permute(2, 3, 1, 0)), t(m.bias)],
            'input': t(nhwc(x)), 'output': t(nhwc(m(x)))}


def layer_norm_case():
    m = randomize(torch.nn.LayerNorm(6, eps=1e-5))
    x = rand(2, 3, 6, scale=3) + 1
    return {'layer': 'LayerNormalization', 'config': {'epsilon': 1e-5},
            'weights': [t(m.weight), t(m.bias)], 'input': t(x), 'output': t(m(x))}


def attention_weights(mha, d):
    w, b = mha.in_proj_weight, mha.in_proj_bias
    out = []
    for i in range(3):  # query, key, value
        out += [t(w[i * d:(i + 1) * d].T), t(b[i * d:(i + 1) * d])]
    return out + [t(mha.out_proj.weight.T), t(mha.out_proj.bias)]


def causal_mask(n):
    return torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)


def attention_case(causal):
    d, heads = 8, 2
    m = randomize(torch.nn.MultiheadAttention(d, heads, batch_first=True))
    x = rand(2, 5, d)
    keep = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=torch.bool)
    y, _ = m(x, x, x, key_padding_mask=~keep, attn_mask=causal_mask(5) if causal else None,
             need_weights=False)
    return {'layer': 'MultiHeadAttention', 'config': {'numHeads': heads, 'keyDim': d // heads, 'causal': causal},
            'weights': attention_weights(m, d), 'input': t(x), 'mask': t(keep.float()), 'output': t(y)}


def cross_attention_case():
    d, heads = 8, 4
    m = randomize(torch.nn.MultiheadAttention(d, heads, batch_first=True))
    q, kv = rand(2, 3, d), rand(2, 6, d)
    y, _ = m(q, kv, kv, need_weights=False)
    return {'layer': 'MultiHeadAttention', 'config': {'numHeads': heads, 'keyDim': d // heads},
            'weights': attention_weights(m, d), 'inputs': [t(q), t(kv)], 'output': t(y)}


def encoder_case(norm_first, activation):
    d, heads, ff = 8, 2, 16
    m = randomize(torch.nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, activation=activation,
                                                   batch_first=True, norm_first=norm_first)).eval()
    x = rand(2, 5, d)
    keep = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]], dtype=torch.bool)
    y = m(x, src_key_padding_mask=~keep)
    # Padded positions' outputs are unspecified in PyTorch's fast path (it may zero them): compare real steps.
    weights = attention_weights(m.self_attn, d) + [
        t(m.norm1.weight), t(m.norm1.bias),
        t(m.linear1.weight.T), t(m.linear1.bias), t(m.linear2.weight.T), t(m.linear2.bias),
        t(m.norm2.weight), t(m.norm2.bias)]
    config = {'numHeads': heads, 'ffDim': ff, 'dropout': 0, 'activation': activation, 'normFirst': norm_first}
    return {'layer': 'TransformerEncoderLayer', 'config': config, 'weights': weights,
            'input': t(x), 'mask': t(keep.float()), 'output': t(y)}


def decoder_case(norm_first):
    d, heads, ff = 8, 2, 12
    m = randomize(torch.nn.TransformerDecoderLayer(d, heads, ff, dropout=0.0, batch_first=True,
                                                   norm_first=norm_first)).eval()
    tgt, mem = rand(2, 4, d), rand(2, 6, d)
    mem_keep = torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]], dtype=torch.bool)
    y = m(tgt, mem, tgt_mask=causal_mask(4), memory_key_padding_mask=~mem_keep)
    weights = attention_weights(m.self_attn, d) + [t(m.norm1.weight), t(m.norm1.bias)] + \
        attention_weights(m.multihead_attn, d) + [t(m.norm2.weight), t(m.norm2.bias),
        t(m.linear1.weight.T), t(m.linear1.bias), t(m.linear2.weight.T), t(m.linear2.bias),
        t(m.norm3.weight), t(m.norm3.bias)]
    config = {'numHeads': heads, 'ffDim': ff, 'dropout': 0, 'normFirst': norm_first}
    return {'layer': 'TransformerDecoderLayer', 'config': config, 'weights': weights,
            'inputs': [t(tgt), t(mem)], 'masks': [None, t(mem_keep.float())], 'output': t(y)}


def lstm_case():
    m = randomize(torch.nn.LSTM(3, 4, batch_first=True))
    x = rand(2, 5, 3)
    y, _ = m(x)
    weights = [t(m.weight_ih_l0.T), t(m.weight_hh_l0.T), t(m.bias_ih_l0 + m.bias_hh_l0)]
    return {'layer': 'LSTM', 'config': {'units': 4, 'returnSequences': True}, 'weights': weights,
            'input': t(x), 'output': t(y)}


def gru_case():
    u = 4
    m = randomize(torch.nn.GRU(3, u, batch_first=True))
    x = rand(2, 5, 3)
    y, _ = m(x)

    def keras_order(w):  # PyTorch rows r, z, n -> Keras z, r, n
        r, z, n = w[:u], w[u:2 * u], w[2 * u:]
        return torch.cat([z, r, n])

    weights = [t(keras_order(m.weight_ih_l0).T), t(keras_order(m.weight_hh_l0).T),
               t(torch.stack([keras_order(m.bias_ih_l0), keras_order(m.bias_hh_l0)]))]
    return {'layer': 'GRU', 'config': {'units': u, 'returnSequences': True}, 'weights': weights,
            'input': t(x), 'output': t(y)}


cases = {
    'Dense': dense_case(),
    'Conv2D valid, strides (2, 1)': conv_case(3, 4, (3, 2), (2, 1), 0, (1, 1), 'valid', (7, 6)),
    'Conv2D same 3x3': conv_case(2, 3, (3, 3), (1, 1), 1, (1, 1), 'same', (5, 6)),
    'Conv2D dilated 2': conv_case(2, 3, (3, 3), (1, 1), 0, (2, 2), 'valid', (8, 7)),
    'LayerNormalization': layer_norm_case(),
    'MultiHeadAttention, key padding': attention_case(False),
    'MultiHeadAttention, causal and key padding': attention_case(True),
    'MultiHeadAttention, cross': cross_attention_case(),
    'TransformerEncoderLayer, post-norm relu': encoder_case(False, 'relu'),
    'TransformerEncoderLayer, pre-norm gelu': encoder_case(True, 'gelu'),
    'TransformerDecoderLayer, post-norm': decoder_case(False),
    'TransformerDecoderLayer, pre-norm': decoder_case(True),
    'LSTM': lstm_case(),
    'GRU': gru_case(),
}

out = os.path.join(os.path.dirname(__file__), '..', 'src', '__fixtures__', 'torch-parity.json')
with open(out, 'w') as f:
    json.dump({'generator': 'packages/layers/scripts/make-fixtures.py', 'torch': torch.__version__,
               'cases': cases}, f, separators=(',', ':'))
    f.write('\n')
print(f'wrote {len(cases)} cases to {os.path.normpath(out)}')
