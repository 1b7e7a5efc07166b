"""Bytes of parameters, gradients and optimizer state after loss.backward() and one step."""

import torch

from saved import storage_of


def _unique_bytes(tensors):
    seen, total = set(), 0
    for t in tensors:
        if t is None:
            continue
        key = storage_of(t).data_ptr()
        if key not in seen:
            seen.add(key)
            total += storage_of(t).nbytes()
    return total


def param_bytes(params):
    return _unique_bytes(params)


def grad_bytes(params):
    return _unique_bytes(p.grad for p in params)


def optimizer_bytes(opt):
    """{state name: bytes}, e.g. exp_avg, exp_avg_sq, step, momentum_buffer."""
    out = {}
    for state in opt.state.values():
        for name, val in state.items():
            if isinstance(val, torch.Tensor):
                out[name] = out.get(name, 0) + storage_of(val).nbytes()
    return out


def step_tensor_count(opt):
    return sum(1 for s in opt.state.values() if isinstance(s.get("step"), torch.Tensor))


class MasterWeightAdamW:
    """Mixed precision with fp32 master weights (the layout of Megatron-LM's and DeepSpeed's
    optimizers, and the lecture note's 2 + 2 (or 4) + 12 bytes): 16-bit model weights and
    gradients, an fp32 copy of the weights the AdamW step updates, then copied back. With
    fp32_grads the 16-bit gradients are moved into fp32 main-gradient buffers after backward
    (Megatron's main_grad) and the 16-bit ones freed."""

    def __init__(self, params, fp32_grads=False, lr=1e-3):
        self.params = [p for p in params if p.requires_grad]
        self.master = [p.detach().float().clone() for p in self.params]
        self.fp32_grads = fp32_grads
        self.main_grads = [None] * len(self.params)
        self.opt = torch.optim.AdamW(self.master, lr=lr)
        self.fp32_grad_copy_bytes = 0  # the fp32 gradients the step reads, while it runs

    def after_backward(self):
        if self.fp32_grads:
            for i, p in enumerate(self.params):
                self.main_grads[i] = p.grad.float()
                p.grad = None

    def step(self):
        for i, (p, m) in enumerate(zip(self.params, self.master)):
            m.grad = self.main_grads[i] if self.fp32_grads else p.grad.float()
        self.opt.step()
        self.fp32_grad_copy_bytes = _unique_bytes(m.grad for m in self.master)
        for p, m in zip(self.params, self.master):
            m.grad = None
            p.data.copy_(m)

    def gradient_bytes(self):
        if self.fp32_grads:
            return _unique_bytes(self.main_grads)
        return grad_bytes(self.params)

    def optimizer_bytes(self):
        out = optimizer_bytes(self.opt)
        out["master_weights"] = _unique_bytes(self.master)
        return out
