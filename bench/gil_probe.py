"""Do scipy.ndimage.label, distance_transform_edt and np.bincount release the GIL here? Four calls in a row, then on 2 threads.

    .venv/bin/python bench/gil_probe.py
"""
import time

import numpy as np
from concurrent.futures import ThreadPoolExecutor
from scipy import ndimage as ndi
rng=np.random.default_rng(0)
m = ndi.gaussian_filter(rng.standard_normal((2000,4000)),4)>0
lab = ndi.label(m)[0]
def f_label(_): return ndi.label(m)[1]
def f_edt(_): return ndi.distance_transform_edt(~m[:1000,:2000]).sum()
def f_bincount(_): return np.bincount(lab.ravel()).size
def f_cmp(_): return int(np.count_nonzero(lab[:,1:]!=lab[:,:-1]))
for name,f in [("label",f_label),("edt",f_edt),("bincount",f_bincount),("compare",f_cmp)]:
    t=time.perf_counter(); [f(i) for i in range(4)]; s=time.perf_counter()-t
    with ThreadPoolExecutor(2) as ex:
        t=time.perf_counter(); list(ex.map(f,range(4))); p=time.perf_counter()-t
    print(f"{name:9s} serial {s:.3f}s  2 threads {p:.3f}s  speedup {s/p:.2f}")
