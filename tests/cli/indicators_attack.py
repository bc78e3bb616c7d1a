#!/usr/bin/env python3
"""indicators_attack.py: an outsider's attack on published indicator sets.

Written without the project's disclosure code: it sees only what a partner
sees (every set a node published, older versions of a period too, as
`indicators export --format json` printed them at each publication) and
works out, by integer linear programming with GLPK's glpsol, the least and
greatest value of every suppressed count and of every change of a cell
between consecutive periods (or versions of one period) consistent with the
published cells and the relations an outsider would assume:

  primary_label   a primary-suppressed ("A") count lies in 1..min_cell-1
  area_le_total   an area cell <= the total of its indicator
  total_le_sum    a total <= the sum of its area cells (everyone has an area)
  age_subset      VOL_ACTIVE_AGE_15_29 <= VOL_ACTIVE (per breakdown)
  new_le_active   VOL_NEW <= VOL_ACTIVE (nobody joined and stopped)
  hours_cap       VOL_HOURS <= 744 x VOL_ACTIVE (hours a month)
  stock_grow      VOL_ACTIVE(t) >= VOL_ACTIVE(t-1) (nobody left)
  hours_grow      VOL_HOURS(t) >= VOL_HOURS(t-1)
  age_grow        VOL_ACTIVE_AGE_15_29(t) >= ...(t-1) (nobody aged out)
  age_in          VOL_ACTIVE_AGE_15_29(t) - ...(t-1) <= VOL_ACTIVE(t) -
                  VOL_ACTIVE(t-1) (nobody left, nobody turned 15: those not
                  aged 15-29 only grow in number)
  flow_eq         VOL_ACTIVE(t) - VOL_ACTIVE(t-1) = VOL_NEW(t)
  flow_le         VOL_ACTIVE(t) - VOL_ACTIVE(t-1) <= VOL_NEW(t)
  hours_flow      VOL_HOURS(t) - VOL_HOURS(t-1) <= 744 x VOL_NEW(t)
  version_grow    a newer set for a period >= the older (people added)
  version_shrink  a newer set for a period <= the older (people left)
  same_end        periods that end the same day (2026-Q4, 2026-12, 2026)
                  have the same VOL_ACTIVE, VOL_HOURS and ..._AGE_15_29
  flow_sum        VOL_NEW of a period = the sum over the published shorter
                  periods that tile it (months of a quarter, quarters of a
                  year)
  flow_within     VOL_NEW of a period >= that of a period within it

Cross-period relations tie the sets as the outsider saw them at each
publication (the latest of each period): a period to the one that starts the
day after it ends, whatever their lengths ("next": 2026-Q2 and 2026-07); a
period to the one that ends next after it ("grow": 2026-08 and 2026-Q3,
2026-Q3 and 2026); periods that end the same day; a period to those within
it. A relation that makes the program infeasible does not hold for this
data: the attacker drops it (one instance, a pair of sets, at a time, least
trusted first) and keeps the largest feasible set of relations. It does so
under four hypotheses (attack_under: all, epochs, leaving, same) and keeps,
for each target, the narrowest interval that holds the true value.

The targets: every suppressed cell; every change of a cell from one set to
the next (next, grow) or to a newer version of its period; and the total
less one area (the people not in it, each person counting once in the
total) in a set and its change. A target that counts 1..min_cell-1 people
(the true value, computed here from the registry the test wrote by the
definitions in store/indicators.h's top comment) must not be pinned
narrower than min_cell - 2, nor the hours of such people narrower than
HOURS_TOL.

  indicators_attack.py scenario NAME --samverk PROG --dir DIR [--data DATA]
      builds the crafted registry NAME on a new node in DIR, publishes its
      periods, attacks everything published and compares with
      `samverk indicators audit --json`; exit 1 on a leak or disagreement.
  indicators_attack.py selfcheck FILE
      attacks the hand-written sets in FILE, which carry a known leak, and
      exits 0 only when the attack finds every leak FILE names.
"""

import argparse
import csv
import datetime
import itertools
import json
import os
import subprocess
import sys
import tempfile

PERSON_CODES = ("VOL_ACTIVE", "VOL_NEW", "VOL_ACTIVE_AGE_15_29")
CODES = PERSON_CODES + ("VOL_HOURS",)
AGE = "VOL_ACTIVE_AGE_15_29"
MAX_HOURS = 744  # hours in the longest month
BIG = 10 ** 6
HOURS_TOL = 10  # a few people's hours pinned narrower than this: a leak

# Relations that hold only while nobody leaves: the "leaving" hypothesis
# (attack_under) gives them up, and takes version_shrink instead.
GROWTH = {"stock_grow", "hours_grow", "age_grow", "version_grow", "flow_eq",
          "age_in"}

# Least trusted first: the order in which the attacker gives them up.
FAMILIES = ["version_shrink", "new_le_active", "age_grow", "age_in", "flow_eq", "version_grow",
            "same_end", "flow_sum", "flow_within",
            "hours_grow", "stock_grow", "flow_le", "hours_flow",
            "total_le_sum", "age_subset", "hours_cap", "area_le_total",
            "primary_label"]


# ---------------------------------------------------------------- periods

def period_key(p):
    """(granularity, index) so that consecutive periods differ by 1."""
    if "-Q" in p:
        y, q = p.split("-Q")
        return ("Q", int(y) * 4 + int(q) - 1)
    if "-" in p:
        y, m = p.split("-")
        return ("M", int(y) * 12 + int(m) - 1)
    return ("Y", int(p))


def period_days(p):
    """First and last day (ISO strings) of a period."""
    g, i = period_key(p)
    if g == "Q":
        y, q = divmod(i, 4)
        first_m, last_m = 3 * q + 1, 3 * q + 3
    elif g == "M":
        y, m = divmod(i, 12)
        first_m = last_m = m + 1
    else:
        y, first_m, last_m = i, 1, 12
    days = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31,
            30, 31]
    return ("%04d-%02d-01" % (y, first_m),
            "%04d-%02d-%02d" % (y, last_m, days[last_m - 1]))


# ---------------------------------------------------------------- truth

def truth_of(registry, period):
    """The true VOL_* cells of period for a registry (list of dicts), by
    the definitions in store/indicators.h's top comment."""
    first, last = period_days(period)
    year = int(last[:4])
    t = {}

    def add(code, areas, v):
        for bd in ["_T"] + ["area:" + a for a in areas]:
            t[(code, bd)] = t.get((code, bd), 0) + v

    for r in registry:
        areas = [a for a in r["areas"].split(";") if a]
        active = r["active"] == "yes" and r["joined"] <= last
        if active:
            add("VOL_ACTIVE", areas, 1)
            add("VOL_HOURS", areas, int(r["hours_per_month"] or 0))
            by = r["birth_year"]
            if by and 15 <= year - int(by) <= 29:
                add("VOL_ACTIVE_AGE_15_29", areas, 1)
        if first <= r["joined"] <= last:
            add("VOL_NEW", areas, 1)
    return t


# ---------------------------------------------------------------- model

def _next_day(day):
    d = datetime.date.fromisoformat(day) + datetime.timedelta(days=1)
    return d.isoformat()


def _view_pairs(view):
    """The pairs of sets an outsider relates in one view (the latest set
    of each period at one moment): ("next", a, b) when b's period starts
    the day after a's ends (any granularity: 2026-Q2 then 2026-07);
    ("grow", a, b) when b ends later than a, the next end date there is;
    ("same_end", a, b) when both end the same day (2026-Q4 and 2026)."""
    days = {p: period_days(p) for p in view}
    out = []
    ends = sorted({days[p][1] for p in view})
    for p, a in view.items():
        for q, b in view.items():
            if p == q:
                continue
            if days[q][0] == _next_day(days[p][1]):
                out.append(("next", a, b))
            i = ends.index(days[p][1])
            if i + 1 < len(ends) and days[q][1] == ends[i + 1] and \
                    days[q][0] != _next_day(days[p][1]):
                out.append(("grow", a, b))
            if days[p][1] == days[q][1] and p < q:
                out.append(("same_end", a, b))
            if days[q][0] <= days[p][0] and days[p][1] <= days[q][1]:
                out.append(("within", a, b))
    return out


def _view_sums(view):
    """(whole, parts): sets of shorter periods that exactly tile a longer
    published period (three months a quarter, four quarters a year)."""
    out = []
    for p, w in view.items():
        first, last = period_days(p)
        for g in ("M", "Q"):
            parts = sorted((period_days(q)[0], s) for q, s in view.items()
                           if q != p and period_key(q)[0] == g and
                           first <= period_days(q)[0] and period_days(q)[1] <= last)
            day = first
            ok = bool(parts)
            for start, s in parts:
                q = [k for k, v in view.items() if v == s][0]
                if start != day:
                    ok = False
                day = _next_day(period_days(q)[1])
            if ok and day == _next_day(last) and len(parts) > 1:
                out.append((w, tuple(s for _, s in parts)))
    return out


class Model:
    """Every published set as variables, and the relations between them."""

    def __init__(self, snapshots):
        # snapshots: lists of sets (export --format json), one per
        # publication, in order. A set is known by (period, seq).
        self.sets = []
        index = {}
        views = []
        epoch = 0
        for snap in snapshots:
            view = {}
            for s in snap:
                k = (s["period"], s.get("seq"))
                if k not in index:
                    if any(x["period"] == s["period"] for x in self.sets):
                        epoch += 1  # a republication: the registry changed
                    index[k] = len(self.sets)
                    cells = {}
                    for c in s["cells"]:
                        if c["code"] in CODES:
                            cells[(c["code"], c["breakdown"])] = c
                    self.sets.append({"period": s["period"], "seq": s.get("seq"),
                                      "min_cell": s["min_cell"], "cells": cells,
                                      "truth": s.get("truth"), "epoch": epoch})
                view[s["period"]] = index[k]
            views.append(view)
        self.var = {}
        for si, s in enumerate(self.sets):
            for key in s["cells"]:
                self.var[(si, key)] = "x%d_%d" % (si, len(self.var))
        # Pairs of sets: ("next", a, b): b's period follows a's, both latest
        # when one of them was published; ("version", a, b): b replaced a.
        self.pairs = []
        self.sums = []
        seen = set()
        for view in views:
            for kind, a, b in _view_pairs(view):
                if (kind, a, b) not in seen:
                    seen.add((kind, a, b))
                    self.pairs.append((kind, a, b))
            for whole, parts in _view_sums(view):
                if (whole, parts) not in seen:
                    seen.add((whole, parts))
                    self.sums.append((whole, parts))
        by_period = {}
        for si, s in enumerate(self.sets):
            by_period.setdefault(s["period"], []).append(si)
        for p, lst in by_period.items():
            lst.sort(key=lambda si: self.sets[si]["seq"] or 0)
            for a, b in zip(lst, lst[1:]):
                self.pairs.append(("version", a, b))
        self.inst_sets = {}
        self.constraints = self._relations()

    def v(self, si, code, bd):
        return self.var.get((si, (code, bd)))

    def bounds(self, enabled):
        out = []
        for (si, key), name in self.var.items():
            c = self.sets[si]["cells"][key]
            hi = BIG * (MAX_HOURS if key[0] == "VOL_HOURS" else 1)
            if c["conf"] == "free":
                out.append((name, c["value"], c["value"]))
            elif (c["conf"] == "primary" and key[0] != "VOL_HOURS" and
                  "primary_label" in enabled):
                out.append((name, 1, self.sets[si]["min_cell"] - 1))
            else:
                out.append((name, 0, hi))
        return out

    def _relations(self):
        """(family, instance, terms, sense, rhs): sum(coef var) sense rhs."""
        rel = []
        for si, s in enumerate(self.sets):
            bds = sorted({bd for (_, bd) in s["cells"]})
            areas = [bd for bd in bds if bd != "_T"]
            inst = "set%d" % si
            self.inst_sets[inst] = (si,)
            for code in CODES:
                t = self.v(si, code, "_T")
                xs = [self.v(si, code, a) for a in areas if self.v(si, code, a)]
                if t is None:
                    continue
                for x in xs:
                    rel.append(("area_le_total", inst, [(1, x), (-1, t)], "<=", 0))
                if xs:
                    rel.append(("total_le_sum", inst,
                                [(1, t)] + [(-1, x) for x in xs], "<=", 0))
            for bd in bds:
                act = self.v(si, "VOL_ACTIVE", bd)
                if act is None:
                    continue
                for code, fam, k in (("VOL_ACTIVE_AGE_15_29", "age_subset", 1),
                                     ("VOL_NEW", "new_le_active", 1),
                                     ("VOL_HOURS", "hours_cap", MAX_HOURS)):
                    x = self.v(si, code, bd)
                    if x:
                        rel.append((fam, inst, [(1, x), (-k, act)], "<=", 0))
        for kind, a, b in self.pairs:
            inst = "%s%d-%d" % (kind, a, b)
            self.inst_sets[inst] = (a, b) if kind != "version" else (a,)
            bds = sorted({bd for (_, bd) in self.sets[a]["cells"]} &
                         {bd for (_, bd) in self.sets[b]["cells"]})
            for bd in bds:
                A = {c: self.v(a, c, bd) for c in CODES}
                B = {c: self.v(b, c, bd) for c in CODES}
                if kind == "within":
                    if A["VOL_NEW"] and B["VOL_NEW"]:
                        rel.append(("flow_within", inst,
                                    [(1, B["VOL_NEW"]), (-1, A["VOL_NEW"])], ">=", 0))
                    continue
                if kind == "same_end":
                    for c in ("VOL_ACTIVE", "VOL_HOURS", "VOL_ACTIVE_AGE_15_29"):
                        if A[c] and B[c]:
                            rel.append(("same_end", inst,
                                        [(1, B[c]), (-1, A[c])], "=", 0))
                    continue
                if kind == "version":
                    for c in CODES:
                        if A[c] and B[c]:
                            rel.append(("version_grow", inst,
                                        [(1, B[c]), (-1, A[c])], ">=", 0))
                            rel.append(("version_shrink", inst,
                                        [(1, B[c]), (-1, A[c])], "<=", 0))
                    continue
                for c, fam in (("VOL_ACTIVE", "stock_grow"),
                               ("VOL_HOURS", "hours_grow"),
                               ("VOL_ACTIVE_AGE_15_29", "age_grow")):
                    if A[c] and B[c]:
                        rel.append((fam, inst, [(1, B[c]), (-1, A[c])], ">=", 0))
                if A["VOL_ACTIVE"] and B["VOL_ACTIVE"] and A[AGE] and B[AGE]:
                    rel.append(("age_in", inst,
                                [(1, B[AGE]), (-1, A[AGE]), (-1, B["VOL_ACTIVE"]),
                                 (1, A["VOL_ACTIVE"])], "<=", 0))
                if kind == "grow":
                    continue
                if A["VOL_ACTIVE"] and B["VOL_ACTIVE"] and B["VOL_NEW"]:
                    t = [(1, B["VOL_ACTIVE"]), (-1, A["VOL_ACTIVE"]),
                         (-1, B["VOL_NEW"])]
                    rel.append(("flow_eq", inst, t, "=", 0))
                    rel.append(("flow_le", inst, t, "<=", 0))
                if A["VOL_HOURS"] and B["VOL_HOURS"] and B["VOL_NEW"]:
                    rel.append(("hours_flow", inst,
                                [(1, B["VOL_HOURS"]), (-1, A["VOL_HOURS"]),
                                 (-MAX_HOURS, B["VOL_NEW"])], "<=", 0))
        for whole, parts in self.sums:
            inst = "sum%d" % whole
            self.inst_sets[inst] = (whole,) + parts
            for bd in sorted({bd for (_, bd) in self.sets[whole]["cells"]}):
                w = self.v(whole, "VOL_NEW", bd)
                xs = [self.v(p, "VOL_NEW", bd) for p in parts]
                if w and all(xs):
                    rel.append(("flow_sum", inst,
                                [(1, w)] + [(-1, x) for x in xs], "=", 0))
        return rel

    # ------------------------------------------------------------ solving

    def solve(self, enabled, obj, sense):
        """Optimum of obj (list of (coef, var)) under the enabled relation
        instances ((family, instance) pairs, or family names); None when
        infeasible."""
        fams = {e for e in enabled if isinstance(e, str)}
        lines = ["Maximize" if sense == "max" else "Minimize",
                 " obj: " + (_terms(obj) if obj else "0 x_zero"),
                 "Subject To"]
        n = 0
        for fam, inst, terms, op, rhs in self.constraints:
            if (fam, inst) in enabled:
                n += 1
                lines.append(" c%d: %s %s %d" % (n, _terms(terms), op, rhs))
        if n == 0:
            lines.append(" c0: x_zero >= 0")
        lines.append("Bounds")
        lines.append(" 0 <= x_zero <= 0")
        for name, lo, hi in self.bounds(fams):
            lines.append(" %d <= %s <= %d" % (lo, name, hi))
        lines.append("General")
        names = [name for name in self.var.values()]
        for i in range(0, len(names), 10):
            lines.append(" " + " ".join(names[i:i + 10]))
        lines.append("End")
        with tempfile.TemporaryDirectory() as d:
            lp, sol = os.path.join(d, "a.lp"), os.path.join(d, "a.sol")
            with open(lp, "w") as f:
                f.write("\n".join(lines) + "\n")
            r = subprocess.run(["glpsol", "--lp", lp, "--tmlim", "60",
                                "-w", sol], capture_output=True, text=True)
            if r.returncode != 0 or not os.path.exists(sol):
                raise RuntimeError("glpsol failed: " + r.stdout[-400:])
            for line in open(sol):
                p = line.split()
                if p and p[0] == "s" and p[1] == "mip":
                    if p[4] in ("o", "f"):
                        return round(float(p[5]))
                    return None
        raise RuntimeError("glpsol wrote no solution line")


def _terms(terms):
    out = []
    for coef, var in terms:
        sign = "-" if coef < 0 else "+"
        mag = "" if abs(coef) == 1 else "%d " % abs(coef)
        out.append("%s %s%s" % (sign, mag, var))
    return " ".join(out)


# ---------------------------------------------------------------- attack

def choose_relations(m, hypothesis):
    """The largest feasible set of relation instances the hypothesis allows
    (attack_under): all of them, less the fewest instances (least trusted
    first) that make the program infeasible."""
    inst = {}
    for fam, i, *_ in m.constraints:
        if hypothesis == "epochs" and \
                len({m.sets[x]["epoch"] for x in m.inst_sets[i]}) > 1:
            continue
        if hypothesis == "leaving" and fam in GROWTH:
            continue
        if hypothesis not in ("leaving", "same") and fam == "version_shrink":
            continue
        inst.setdefault((fam, i), None)
    enabled = set(inst) | {"primary_label"}
    dropped = []
    if m.solve(enabled, [], "min") is not None:
        return enabled, dropped
    order = sorted(inst, key=lambda k: FAMILIES.index(k[0]))
    # Drop one instance, then two, least trusted first.
    for k in (1, 2):
        for combo in itertools.combinations(order, k):
            trial = enabled - set(combo)
            if m.solve(trial, [], "min") is not None:
                return trial, list(combo)
        if k == 2 or len(order) > 60:
            break
    # Else whole families, least trusted first, until feasible.
    for fam in FAMILIES:
        gone = {k for k in enabled if not isinstance(k, str) and k[0] == fam}
        if fam == "primary_label":
            gone = {"primary_label"}
        enabled -= gone
        dropped.append(fam + " (all)")
        if m.solve(enabled, [], "min") is not None:
            return enabled, dropped
    raise RuntimeError("no relation set is feasible: the published sets "
                       "contradict their own bounds")


def threshold(kind, sa, sb):
    """The min_cell that protects a change from set sa to set sb: a newer
    version of a period must keep the older one's protection (the larger);
    between periods, the operator may have lowered it (the smaller)."""
    if kind == "version":
        return max(sa["min_cell"], sb["min_cell"])
    return min(sa["min_cell"], sb["min_cell"])


def changes(m, hypothesis):
    """The pairs of sets whose changes are attacked, with the threshold
    that protects each: (kind, a, b, min_cell)."""
    for kind, a, b in m.pairs:
        if kind not in ("next", "grow", "version"):
            continue
        if hypothesis == "epochs" and kind != "version" and \
                m.sets[a]["epoch"] != m.sets[b]["epoch"]:
            continue
        yield kind, a, b, threshold(kind, m.sets[a], m.sets[b])


def width(lo, hi):
    """hi - lo; None on either side is unbounded."""
    return float("inf") if lo is None or hi is None else hi - lo


def attack_under(m, hypothesis, keep=None):
    """Every target with its interval under one hypothesis: "all" relates
    every pair of sets as the outsider saw them; "epochs" only sets
    published between two republications (a republished period says the
    registry changed), and versions of a period (keep(sets, what, code,
    breakdown), when given, says which targets to solve at all); "leaving" gives up what
    holds only while nobody leaves (GROWTH) and takes a newer version of a
    period to be <= the older; "same" is "all" with versions of a period
    equal (republished with nothing changed for it)."""
    enabled, dropped = choose_relations(m, hypothesis)
    results = []

    def bound(v):
        return None if v is None or abs(v) >= BIG // 2 else v

    def interval(obj):
        return (bound(m.solve(enabled, obj, "min")),
                bound(m.solve(enabled, obj, "max")))

    def value_of(si, key):
        c = m.sets[si]["cells"].get(key)
        return c["value"] if c and c["conf"] == "free" else None

    def truth(si, key):
        t = m.sets[si]["truth"]
        return None if t is None else t.get("%s|%s" % key, 0)

    def maybe_small(si, key, mc):
        """False when the truth is known and no few people are counted."""
        t = truth(si, ("VOL_ACTIVE", key[1]) if key[0] == "VOL_HOURS" else key)
        return t is None or 1 <= t < mc

    def meets(lo, hi, a, b):
        """[lo, hi] meets [a, b]."""
        return (hi is None or hi >= a) and (lo is None or lo <= b)

    for si, s in enumerate(m.sets):
        mc = s["min_cell"]
        for key, c in sorted(s["cells"].items()):
            if c["conf"] == "free" or (keep and not keep((si,), "cell", *key)):
                continue
            tv = truth(si, key)
            if not maybe_small(si, key, mc):
                continue
            lo, hi = interval([(1, m.var[(si, key)])])
            if key[0] == "VOL_HOURS":
                ta = truth(si, ("VOL_ACTIVE", key[1]))
                small = ta is not None and 1 <= ta < mc
                leak = small and width(lo, hi) < HOURS_TOL
            else:
                small = (1 <= tv < mc) if tv is not None else meets(lo, hi, 1, mc - 1)
                leak = small and width(lo, hi) < mc - 2
            results.append({"what": "cell", "period": s["period"],
                            "seq": s["seq"], "code": key[0], "breakdown": key[1],
                            "change_from": None, "low": lo, "high": hi,
                            "true": tv, "small": small, "leak": bool(leak),
                            "min_cell": mc, "sets": (si,)})
    for kind, a, b, mc in changes(m, hypothesis):
        sa, sb = m.sets[a], m.sets[b]
        for key in sorted(set(sa["cells"]) & set(sb["cells"])):
            if keep and not keep((a, b), kind, *key):
                continue
            if key[0] == "VOL_NEW" and kind != "version":
                continue  # a change of a flow counts no one set of people
            ta, tb = truth(a, key), truth(b, key)
            if key[0] == "VOL_HOURS":
                pa, pb = truth(a, ("VOL_ACTIVE", key[1])), truth(b, ("VOL_ACTIVE", key[1]))
            else:
                pa, pb = ta, tb
            if pa is not None and pb is not None and not 1 <= abs(pb - pa) < mc:
                continue  # known to count no few people: no need to solve
            va, vb = value_of(a, key), value_of(b, key)
            if va is not None and vb is not None:
                lo = hi = vb - va
            else:
                lo, hi = interval([(1, m.var[(b, key)]), (-1, m.var[(a, key)])])
            ta, tb = truth(a, key), truth(b, key)
            tv = tb - ta if ta is not None and tb is not None else None
            if key[0] == "VOL_HOURS":
                pk = ("VOL_ACTIVE", key[1])
                pa, pb = truth(a, pk), truth(b, pk)
                if pa is None or pb is None:
                    pa, pb = value_of(a, pk), value_of(b, pk)
                small = pa is not None and pb is not None and 1 <= abs(pb - pa) < mc
                leak = small and width(lo, hi) < HOURS_TOL
            else:
                if tv is not None:
                    small = 1 <= abs(tv) < mc
                else:
                    small = meets(lo, hi, 1, mc - 1) or meets(lo, hi, 1 - mc, -1)
                leak = small and width(lo, hi) < mc - 2
            results.append({"what": kind, "period": sb["period"], "seq": sb["seq"],
                            "code": key[0], "breakdown": key[1],
                            "change_from": "%s#%s" % (sa["period"], sa["seq"]),
                            "from_period": sa["period"],
                            "low": lo, "high": hi, "true": tv, "small": small,
                            "leak": bool(leak), "min_cell": mc, "sets": (a, b)})
    results += complements(m, hypothesis, interval, truth, keep)
    for r in results:
        r["hypothesis"] = hypothesis
        if "obj" not in r:
            r["obj"] = obj_of(m, r)
        r["wrong"] = r["true"] is not None and not (
            (r["low"] is None or r["low"] <= r["true"]) and
            (r["high"] is None or r["true"] <= r["high"]))
        if r["wrong"]:
            r["leak"] = False  # the attacker's assumptions fail on the truth
    return results, enabled, dropped


def attack(m):
    """The attack under each hypothesis; for every target the narrowest
    interval that holds the truth (when known; else the narrowest)."""
    best, runs = {}, []
    hyps = ["all"] + (["epochs", "leaving", "same"]
                      if len({s["epoch"] for s in m.sets}) > 1 else [])
    periods = [s["period"] for s in m.sets]
    redone = {i for i, s in enumerate(m.sets) if periods.count(s["period"]) > 1}
    wrong = set()

    def keep_for(h):
        """Fewer relations than "all" ("epochs") can only help where "all"
        was wrong about the truth; version relations only near versions."""
        def keep(sets, what, code, bd):
            k = (what, sets, code, bd)
            if k in wrong:
                return True
            return h in ("leaving", "same") and bool(redone & set(sets))
        return None if h == "all" else keep

    for h in hyps:
        results, enabled, dropped = attack_under(m, h, keep_for(h))
        if h == "all":
            wrong = {(r["what"], r["sets"], r["code"], r["breakdown"])
                     for r in results if r["wrong"]}
        runs.append((h, enabled, dropped))
        for r in results:
            k = (r["what"], r["period"], r["seq"], r["code"], r["breakdown"],
                 r["change_from"])
            old = best.get(k)
            if old is None or (old["wrong"] and not r["wrong"]) or (
                    old["wrong"] == r["wrong"] and
                    width(r["low"], r["high"]) < width(old["low"], old["high"])):
                best[k] = r
    return list(best.values()), runs


def complements(m, hypothesis, interval, truth, keep):
    """Targets that are no published cell: the people of a set not in one
    area (the total less the area: each person counts once in the total and
    once in each of their areas), and that number's change between two
    sets. A few people there, with their hours, are as exposed as in a
    cell."""
    out = []

    def linear(terms):
        """[lo, hi] of sum(coef x cell) over (coef, set, key) terms."""
        const, obj = 0, []
        for coef, si, key in terms:
            c = m.sets[si]["cells"][key]
            if c["conf"] == "free":
                const += coef * c["value"]
            else:
                obj.append((coef, m.var[(si, key)]))
        if not obj:
            return const, const, obj
        lo, hi = interval(obj)
        return (None if lo is None else lo + const,
                None if hi is None else hi + const, obj)

    def tv(terms):
        vals = [truth(si, key) for _, si, key in terms]
        if any(v is None for v in vals):
            return None
        return sum(coef * v for (coef, _, _), v in zip(terms, vals))

    def areas(si):
        return sorted({bd for (code, bd) in m.sets[si]["cells"]
                       if bd != "_T" and code == "VOL_ACTIVE"})

    def target(what, sb, sa, code, area, terms, people_terms, mc):
        sets = (sb,) if sa is None else (sa, sb)
        if keep and not keep(sets, what, code, "not:" + area):
            return
        if all(m.sets[si]["cells"][key]["conf"] != "free" for _, si, key in terms):
            return  # nothing published here: the cells' own targets cover it
        if all(m.sets[si]["cells"][(code, area)]["conf"] == "free" and
               m.sets[si]["cells"][(code, area)]["value"] == 0 for si in sets):
            return  # an empty area: the same as the total's own target
        t = tv(terms)
        pt = tv(people_terms if code == "VOL_HOURS" else terms)
        if pt is not None and not 1 <= abs(pt) < mc:
            return  # known to count no few people: no need to solve
        lo, hi, obj = linear(terms)
        if code == "VOL_HOURS":
            if pt is None:
                plo, phi, _ = linear(people_terms)
                small = plo is not None and plo == phi and 1 <= abs(plo) < mc
            else:
                small = 1 <= abs(pt) < mc
            leak = small and width(lo, hi) < HOURS_TOL
        else:
            small = (1 <= abs(t) < mc) if t is not None else (
                lo is not None and hi is not None and hi <= mc - 1 and
                (lo >= 1 or hi <= -1))
            leak = small and width(lo, hi) < mc - 2
        b = m.sets[sb]
        r = {"what": what, "period": b["period"], "seq": b["seq"],
             "code": code, "breakdown": "not:" + area,
             "change_from": None if sa is None else "%s#%s" % (
                 m.sets[sa]["period"], m.sets[sa]["seq"]),
             "low": lo, "high": hi, "true": t, "small": small,
             "leak": bool(leak), "min_cell": mc, "obj": obj, "sets": sets}
        if sa is not None:
            r["from_period"] = m.sets[sa]["period"]
        out.append(r)

    def terms_of(si, code, area, sign=1):
        return [(sign, si, (code, "_T")), (-sign, si, (code, area))]

    for si, s in enumerate(m.sets):
        for area in areas(si):
            for code in CODES:
                if (code, "_T") in s["cells"] and (code, area) in s["cells"]:
                    target("cell", si, None, code, area, terms_of(si, code, area),
                           terms_of(si, "VOL_ACTIVE", area), s["min_cell"])
    for kind, a, b, mc in changes(m, hypothesis):
        for area in sorted(set(areas(a)) & set(areas(b))):
            for code in CODES:
                if code == "VOL_NEW" and kind != "version":
                    continue
                keys = [(code, "_T"), (code, area)]
                if not all(k in m.sets[x]["cells"] for k in keys for x in (a, b)):
                    continue
                terms = terms_of(b, code, area) + terms_of(a, code, area, -1)
                people = (terms_of(b, "VOL_ACTIVE", area) +
                          terms_of(a, "VOL_ACTIVE", area, -1))
                target(kind, b, a, code, area, terms, people, mc)
    return out


def obj_of(m, r):
    si = [i for i, s in enumerate(m.sets) if (s["period"], s["seq"]) ==
          (r["period"], r["seq"])][0]
    obj = [(1, m.var[(si, (r["code"], r["breakdown"]))])]
    if r["what"] != "cell":
        p, q = r["change_from"].split("#")
        sa = [i for i, s in enumerate(m.sets) if s["period"] == p and
              str(s["seq"]) == q][0]
        obj.append((-1, m.var[(sa, (r["code"], r["breakdown"]))]))
    return obj


def explain(m, enabled, r, low, high):
    """The relation families without which r's interval widens towards
    [low, high]: what the audit's model lacks."""
    out = []
    fams = sorted({k[0] for k in enabled if not isinstance(k, str)} |
                  ({"primary_label"} & enabled))
    inf = float("inf")
    rlo = -inf if r["low"] is None else r["low"]
    rhi = inf if r["high"] is None else r["high"]
    for fam in fams:
        trial = {k for k in enabled if (k if isinstance(k, str) else k[0]) != fam}
        lo = m.solve(trial, r["obj"], "min") if rlo > low else rlo
        hi = m.solve(trial, r["obj"], "max") if rhi < high else rhi
        if lo is not None and hi is not None and (lo < rlo or hi > rhi):
            out.append("%s (without it [%s, %s])" % (fam, lo, hi))
    return out


def describe(r):
    ch = ""
    if r["what"] != "cell":
        ch = " change %s from %s" % (r["what"], r["change_from"])
    return ("%s#%s %s %s%s: [%s, %s] (true %s)" %
            (r["period"], r["seq"], r["code"], r["breakdown"], ch, r["low"],
             r["high"], r["true"]))


# ---------------------------------------------------------------- scenarios

AREAS = ["elderly_care", "youth", "social_inclusion", "volunteer_infrastructure",
         "food_security", "culture"]


def person(i, areas, hours, joined="2020-01-01", birth=1970, active="yes"):
    return {"id": "p%03d" % i, "name": "Person %d" % i, "birth_year": str(birth),
            "email": "", "phone": "", "skills": "", "areas": areas,
            "hours_per_month": str(hours), "joined": joined, "active": active}


def base(counts):
    """Long-standing volunteers: counts maps an area to how many."""
    out, i = [], 0
    for area, n in counts.items():
        for _ in range(n):
            i += 1
            out.append(person(i, area, 2 + i % 7))
    return out


def scenarios(data):
    """name -> list of steps: ("registry", rows) | ("add", row) |
    ("publish", period)."""
    sc = {}
    reg = base({"elderly_care": 9, "youth": 8, "social_inclusion": 7,
                "volunteer_infrastructure": 6, "food_security": 10})
    sc["joiners"] = [("registry", reg), ("publish", "2026-Q1"),
                     ("add", person(101, "elderly_care", 16, "2026-04-15")),
                     ("publish", "2026-Q2"),
                     ("add", person(102, "volunteer_infrastructure", 20, "2026-08-10")),
                     ("add", person(103, "social_inclusion;youth", 2, "2026-09-01")),
                     ("publish", "2026-Q3")]
    reg = base({"youth": 8, "elderly_care": 12, "culture": 10})
    sc["age_pin"] = [("registry", reg),
                     ("add", person(101, "youth", 6, "2026-05-03", birth=2005)),
                     ("publish", "2026-Q1"), ("publish", "2026-Q2"),
                     ("publish", "2026-Q3"), ("publish", "2026-Q4")]
    reg = base({"elderly_care": 15, "youth": 12, "food_security": 12,
                "culture": 12})
    sc["new_two"] = [("registry", reg),
                     ("add", person(101, "youth", 5, "2026-07-20")),
                     ("add", person(102, "culture", 9, "2026-08-02")),
                     ("publish", "2026-Q2"), ("publish", "2026-Q3")]
    reg = base({"food_security": 40, "elderly_care": 12})
    sc["large_area"] = [("registry", reg),
                        ("add", person(101, "food_security", 14, "2026-08-11")),
                        ("publish", "2026-Q2"), ("publish", "2026-Q3")]
    reg = base({"elderly_care": 9, "youth": 8, "social_inclusion": 7,
                "volunteer_infrastructure": 6, "food_security": 10})
    sc["months"] = [("registry", reg),
                    ("add", person(101, "elderly_care", 16, "2026-09-15")),
                    ("add", person(102, "youth", 9, "2026-12-03")),
                    ("publish", "2026-Q2"), ("publish", "2026-08"),
                    ("publish", "2026-Q3"), ("publish", "2026-11"),
                    ("publish", "2026-Q4"), ("publish", "2026")]
    # NEW of the year is the sum of its quarters: one quarter's small count
    # is the year's less the others.
    reg = base({"food_security": 12, "elderly_care": 10, "youth": 9})
    joins = ["2026-02-10"] * 5 + ["2026-05-10"] * 6 + ["2026-08-10"] + []
    steps = [("registry", reg)]
    for i, day in enumerate(joins):
        steps.append(("add", person(300 + i, "food_security", 3 + i % 4, day)))
    sc["year_tiles"] = steps + [("publish", "2026-Q1"), ("publish", "2026-Q2"),
                                ("publish", "2026-Q3"), ("publish", "2026-Q4"),
                                ("publish", "2026")]
    # Months of a quarter, the quarter, and the quarter before.
    steps = [("registry", reg)]
    for i, day in enumerate(["2026-07-03"] * 6 + ["2026-08-09"] * 5 +
                            ["2026-09-21"]):
        steps.append(("add", person(400 + i, "youth", 2 + i % 5, day)))
    sc["month_tiles"] = steps + [("publish", "2026-07"), ("publish", "2026-08"),
                                 ("publish", "2026-09"), ("publish", "2026-Q3")]
    # People leave: one stops (active no), one is erased; the quarter is
    # published again after each.
    reg = base({"culture": 7, "elderly_care": 14, "youth": 12})
    sc["leavers"] = [("registry", reg), ("publish", "2026-Q2"),
                     ("publish", "2026-Q3"),
                     ("update", "p001", {"active": "no"}),
                     ("publish", "2026-Q3"), ("erase", "p020"),
                     ("publish", "2026-Q3"), ("publish", "2026-Q4")]
    # Published out of order: the later quarter first.
    reg = base({"elderly_care": 9, "youth": 8, "food_security": 10})
    sc["out_of_order"] = [("registry", reg),
                          ("add", person(101, "youth", 11, "2026-05-02")),
                          ("add", person(102, "youth", 4, "2026-08-19")),
                          ("publish", "2026-Q3"), ("publish", "2026-Q1"),
                          ("publish", "2026-Q2")]
    # One newcomer in three large areas at once.
    reg = base({"elderly_care": 20, "youth": 20, "food_security": 20})
    sc["multi_area"] = [("registry", reg),
                        ("add", person(101, "elderly_care;youth;food_security",
                                       13, "2026-08-11")),
                        ("publish", "2026-Q2"), ("publish", "2026-Q3")]
    # Six join a large area and one a small one: the total less the large
    # area rises by one.
    reg = base({"food_security": 20, "elderly_care": 9, "youth": 8})
    steps = [("registry", reg)]
    for i in range(6):
        steps.append(("add", person(500 + i, "food_security", 4 + i, "2026-08-0%d" % (i + 1))))
    steps.append(("add", person(510, "elderly_care", 17, "2026-08-20")))
    sc["complement"] = steps + [("publish", "2026-Q2"), ("publish", "2026-Q3")]
    # The threshold is lowered between two publications: what the older
    # sets hid must stay hidden.
    reg = base({"elderly_care": 9, "youth": 3, "food_security": 10,
                "culture": 4})
    sc["min_cell_drop"] = [("registry", reg), ("publish", "2026-Q2"),
                           ("min_cell", 3),
                           ("add", person(101, "culture", 6, "2026-08-09")),
                           ("publish", "2026-Q3"), ("publish", "2026-Q2")]
    # Periods of different lengths that follow or overlap: a month then its
    # quarter, a quarter then the next month, a quarter then the year; one
    # newcomer in a large area between each.
    reg = base({"food_security": 20, "elderly_care": 15, "youth": 12})
    sc["mixed_lengths"] = [("registry", reg), ("publish", "2026-08"),
                           ("add", person(101, "food_security", 14, "2026-09-10")),
                           ("publish", "2026-Q3"),
                           ("add", person(102, "elderly_care", 11, "2026-10-05")),
                           ("publish", "2026-10"),
                           ("add", person(103, "youth", 7, "2026-12-12")),
                           ("publish", "2026")]
    # The same month published after its quarter.
    sc["month_after_quarter"] = [("registry", reg),
                                 ("add", person(101, "food_security", 14, "2026-09-10")),
                                 ("publish", "2026-Q3"), ("publish", "2026-08")]
    # A quarter, then the year after one more joined in the last quarter.
    sc["quarter_then_year"] = [("registry", reg), ("publish", "2026-Q3"),
                               ("add", person(101, "food_security", 14, "2026-11-10")),
                               ("publish", "2026")]
    sample = load_csv(os.path.join(data, "volunteers.csv"))
    sc["sample"] = [("registry", sample)] + [("publish", "2026-Q%d" % q)
                                             for q in (1, 2, 3, 4)]
    sc["republish"] = [("registry", sample), ("publish", "2026-Q1"),
                       ("publish", "2026-Q2"), ("publish", "2026-Q3"),
                       ("add", person(201, "youth", 12, "2026-05-20", birth=1990)),
                       ("publish", "2026-Q2"),
                       ("add", person(202, "food_security", 7, "2026-09-12")),
                       ("publish", "2026-Q3")]
    return sc


def load_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path, rows):
    cols = ["id", "name", "birth_year", "email", "phone", "skills", "areas",
            "hours_per_month", "joined", "active"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, cols)
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in cols})


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), r.returncode,
                                                r.stderr.strip()))
    return r.stdout


def play(name, prog, d, data):
    """Runs scenario name on a new node in d; returns the snapshots (with
    the truth of each new set) and the audit's JSON and exit status."""
    node = os.path.join(d, "node")
    svk = [prog, "--dir", node]
    run([prog, "--dir", node, "init", "--name", "Attack " + name, "--country", "DK"])
    registry, snaps = [], []
    path = os.path.join(d, "reg.csv")
    for step in scenarios(data)[name]:
        if step[0] == "registry":
            registry = [dict(r) for r in step[1]]
            write_csv(path, registry)
            run(svk + ["volunteer", "import", path])
        elif step[0] == "update":
            r = [x for x in registry if x["id"] == step[1]][0]
            r.update(step[2])
            write_csv(path, [r])
            run(svk + ["volunteer", "import", path])
        elif step[0] == "min_cell":
            conf = os.path.join(node, "samverk.conf")
            text = open(conf).read()
            lines = [("min_cell = %d" % step[1]) if l.startswith("min_cell =")
                     else l for l in text.split("\n")]
            if lines == text.split("\n"):
                raise RuntimeError("no min_cell line in " + conf)
            open(conf, "w").write("\n".join(lines))
        elif step[0] == "erase":
            registry = [x for x in registry if x["id"] != step[1]]
            run(svk + ["volunteer", "erase", step[1]])
        elif step[0] == "add":
            r = step[1]
            registry.append(r)
            args = ["volunteer", "add", "--id", r["id"], "--name", r["name"],
                    "--areas", r["areas"], "--hours", r["hours_per_month"],
                    "--joined", r["joined"], "--active", r["active"]]
            if r["birth_year"]:
                args += ["--birth-year", r["birth_year"]]
            run(svk + args)
        else:
            run(svk + ["indicators", "publish", "--period", step[1]])
            snap = json.loads(run(svk + ["indicators", "export", "--format", "json"]))
            t = truth_of(registry, step[1])
            newest = max(s["seq"] for s in snap if s["period"] == step[1])
            known = {(s["period"], s["seq"]): s.get("truth") for x in snaps for s in x}
            for s in snap:
                if s["period"] == step[1] and s["seq"] == newest:
                    s["truth"] = {"%s|%s" % k: v for k, v in t.items()}
                else:
                    s["truth"] = known.get((s["period"], s["seq"]))
            snaps.append(snap)
    r = subprocess.run(svk + ["indicators", "audit", "--json"],
                       capture_output=True, text=True)
    audit = json.loads(r.stdout) if r.stdout.strip() else None
    return snaps, audit, r.returncode


def check_truth(m):
    """Every published cell must be what the definitions give: else this
    attacker's reading of them is wrong (not the node)."""
    bad = []
    for s in m.sets:
        t = s["truth"]
        if t is None:
            continue
        for key, c in s["cells"].items():
            if c["conf"] == "free" and c["value"] != t.get("%s|%s" % key, 0):
                bad.append("%s %s %s published %s, definitions give %s" %
                           (s["period"], key[0], key[1], c["value"],
                            t.get("%s|%s" % key, 0)))
    return bad


def compare_audit(m, enabled, results, audit):
    """The audit's intervals must be at least as wide as ours for every
    small cell or change we found."""
    gaps, silent = [], []
    items = {}
    for it in (audit or {}).get("items", []):
        k = (it["period"], it["code"], it["breakdown"], it.get("change_from"))
        items.setdefault(k, []).append(it)
    for r in results:
        if not r["small"] or r["wrong"] or r["what"] == "version" or \
                r["breakdown"].startswith("not:"):
            continue
        k = (r["period"], r["code"], r["breakdown"],
             r.get("from_period") if r["what"] in ("next", "grow") else None)
        cand = [it for it in items.get(k, [])
                if r["true"] is None or it.get("true_value") == r["true"]]
        if not cand:
            if r["leak"]:
                gaps.append({"leak": True, "text": "%s; the audit reports no "
                             "interval for it" % describe(r)})
            else:
                silent.append(describe(r))
            continue
        it = min(cand, key=lambda it: width(it["low"], it["high"]))
        if width(r["low"], r["high"]) < width(it["low"], it["high"]):
            why = explain(m, enabled[r["hypothesis"]], r,
                          -BIG * MAX_HOURS if it["low"] is None else it["low"],
                          BIG * MAX_HOURS if it["high"] is None else it["high"])
            gaps.append({"leak": r["leak"],
                         "text": "%s; the audit says [%s, %s]; from %s" %
                         (describe(r), it["low"], it["high"],
                          "; ".join(why) or "the relations together")})
    return gaps, silent


def report(name, m, results, runs):
    for h, enabled, dropped in runs:
        print("== %s (%s): %d sets, %d pairs, %d relations; dropped: %s" %
              (name, h, len(m.sets), len(m.pairs), len(enabled),
               ", ".join("%s@%s" % d if isinstance(d, tuple) else d
                         for d in dropped) or "none"))
    leaks = [r for r in results if r["leak"]]
    for r in leaks:
        print("LEAK " + describe(r))
    return leaks


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("scenario")
    a.add_argument("name")
    a.add_argument("--samverk", required=True)
    a.add_argument("--dir", required=True)
    a.add_argument("--data", default="")
    a.add_argument("--json", default="")
    b = sub.add_parser("selfcheck")
    b.add_argument("file")
    args = ap.parse_args()
    if args.cmd == "selfcheck":
        spec = json.load(open(args.file))
        bad = 0
        for case in spec["cases"]:
            m = Model(case["snapshots"])
            results, runs = attack(m)
            leaks = report(case["name"], m, results, runs)
            found = {(r["period"], r["code"], r["breakdown"], r["what"]) for r in leaks}
            for want in case["leaks"]:
                if tuple(want) not in found:
                    print("MISSED %s" % (want,))
                    bad += 1
            if not case["leaks"] and leaks:
                print("FALSE ALARM in %s" % case["name"])
                bad += 1
        return 1 if bad else 0
    os.makedirs(args.dir, exist_ok=True)
    snaps, audit, arc = play(args.name, args.samverk, args.dir, args.data)
    m = Model(snaps)
    bad = check_truth(m)
    for b_ in bad:
        print("MISREAD " + b_)
    results, runs = attack(m)
    leaks = report(args.name, m, results, runs)
    gaps, silent = compare_audit(m, {h: e for h, e, _ in runs}, results, audit)
    for g in gaps:
        print(("A LEAK THE AUDIT MISSES: " if g["leak"] else
               "model gap (narrower than the audit, still wide): ") + g["text"])
    gaps = [g for g in gaps if g["leak"]]
    for s in silent:
        print("audit silent on " + s)
    if arc != 0:
        print("AUDIT exit %d" % arc)
    wrong = [r for r in results if r["wrong"]]
    for r in wrong:
        print("note: assumption false for " + describe(r))
    print("%s: %d targets, %d small, %d leaks, %d leaks the audit misses" %
          (args.name, len(results), sum(1 for r in results if r["small"]),
           len(leaks), len(gaps)))
    if args.json:
        with open(args.json, "w") as f:
            for r in results:
                r.pop("obj", None)
                r["sets"] = list(r["sets"])
            json.dump({"results": results, "snapshots": snaps, "audit": audit},
                      f, indent=1)
    return 1 if leaks or gaps or bad or arc != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
