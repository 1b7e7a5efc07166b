"""What autograd keeps for backward, measured with torch.autograd.graph.saved_tensors_hooks.

Every tensor an op saves passes through the pack hook. Tensors are deduplicated by storage (a
view keeps its whole storage alive, and two ops saving the same tensor cost it once), and the
storages of parameters and buffers are left out: they are model state, not activations.
A TorchDispatchMode notes which aten op last wrote each storage (to tell a dropout's noise from
other tensors), forward hooks note the module that was running, and a walk of the autograd
graph afterwards names which backward node keeps each storage (e.g. MeanBackward1.self).
"""

from dataclasses import dataclass, field

import torch
from torch.utils._python_dispatch import TorchDispatchMode


def storage_of(t):
    # untyped_storage() from torch 2.0 on (storage() warns there); storage() in 1.13.
    return t.untyped_storage() if hasattr(t, "untyped_storage") else t.storage()


def storage_key(t):
    return storage_of(t).data_ptr()


def constant_storages(*modules):
    keys = set()
    for m in modules:
        for t in list(m.parameters()) + list(m.buffers()):
            keys.add(storage_key(t))
    return keys


@dataclass
class SavedStorage:
    key: int
    nbytes: int  # bytes of the whole storage
    shape: tuple  # shape of the first tensor saved from it
    dtype: str
    numel: int
    scope: str  # module running when it was first saved
    producer: str  # aten op that last wrote the storage
    savers: list = field(default_factory=list)  # backward nodes keeping it
    wrapped_scalar: bool = False  # a Python number autograd wrapped into a 0-dim host tensor
    dropout_noise: bool = False  # written by bernoulli_: the CPU dropout's scaled noise
    shared: bool = False  # an input every layer receives (the causal mask, position ids)
    device: str = "cpu"

    @property
    def name(self):
        who = "+".join(sorted(set(self.savers))) or "?"
        return f"{self.scope}: {who}"

    def as_row(self):
        return {"name": self.name,
                "producer": self.producer, "shape": list(self.shape), "dtype": self.dtype,
                "bytes": self.nbytes}


class _Producers(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.by_key = {}
        self.noise = set()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        name = str(func.overloadpacket.__name__)
        for t in out if isinstance(out, (tuple, list)) else (out,):
            if isinstance(t, torch.Tensor):
                key = storage_key(t)
                self.by_key[key] = name
                # A freed storage's address is reused: only bernoulli_ and the in-place ops
                # after it (dropout's div_) keep a storage marked as noise.
                if name == "bernoulli_":
                    self.noise.add(key)
                elif not name.endswith("_"):
                    self.noise.discard(key)
        return out


def _is_wrapped_number(t):
    # Python scalars autograd saves (e.g. the 0.5 of `0.5 * x`) are 0-dim double/long tensors.
    return t.dim() == 0 and t.dtype in (torch.float64, torch.int64) and t.device.type == "cpu"


def _walk_savers(roots, found):
    seen, stack = set(), [r for r in roots if r is not None]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        kind = type(node).__name__
        attrs = [a for a in dir(node) if a.startswith("_saved_")]
        values = [(a[len("_saved_"):], getattr(node, a)) for a in attrs]
        if hasattr(node, "saved_tensors") and not attrs:
            values = [(f"saved{i}", t) for i, t in enumerate(node.saved_tensors)]
        for attr, val in values:
            for t in val if isinstance(val, (tuple, list)) else (val,):
                if isinstance(t, torch.Tensor):
                    found.setdefault(storage_key(t), []).append(f"{kind}.{attr}")
        stack.extend(f for f, _ in node.next_functions if f is not None)


def record(fn, modules, *args, shared=()):
    """Runs fn(*args); returns (output, [SavedStorage]) of what it saved. `shared` are tensors
    the caller passes to every layer (they are marked, not dropped)."""
    excluded = constant_storages(*modules)
    shared_keys = {storage_key(t) for t in shared}
    saved, keep, scope = {}, [], ["input"]

    def pre(name):
        return lambda m, inp: scope.append(name)

    def post(m, inp, out):
        scope.pop()

    handles = []
    for m in modules:
        for name, sub in m.named_modules():
            handles.append(sub.register_forward_pre_hook(pre(name or type(sub).__name__)))
            handles.append(sub.register_forward_hook(post))
    producers = _Producers()

    def pack(t):
        keep.append(t)
        key = storage_key(t)
        nbytes = storage_of(t).nbytes()
        if key in excluded or nbytes == 0 or key in saved:
            return t
        wrapped = _is_wrapped_number(t)
        # Wrapped numbers are made outside the dispatcher: an address lookup would be stale.
        producer = "python number" if wrapped else producers.by_key.get(key, "outside")
        saved[key] = SavedStorage(key, nbytes, tuple(t.shape), str(t.dtype).replace("torch.", ""),
                                  t.numel(), scope[-1], producer,
                                  wrapped_scalar=wrapped,
                                  dropout_noise=key in producers.noise, shared=key in shared_keys,
                                  device=str(t.device))
        return t

    try:
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t), producers:
            out = fn(*args)
    finally:
        for h in handles:
            h.remove()
    savers = {}
    outs = out if isinstance(out, (tuple, list)) else (out,)
    _walk_savers([o.grad_fn for o in outs if isinstance(o, torch.Tensor)], savers)
    for key, s in saved.items():
        s.savers = savers.get(key, [])
    return out, list(saved.values())
