#pragma once

// Parameter counting for every architecture a ModelSpec describes, as named groups. The exact
// count follows the described architecture; the approx count keeps only the layers' weight
// matrices (the seed's 12Ld² for GPT-2 at f = 4d).

#include "spec.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

namespace lgm {

// One group of parameters. Ids are stable and used as report keys (parameters.<id>):
// "embedding" (token table), "positions" (learned table), "attention" (Q, K, V, O with their
// biases), "qk_norm", "ffn" (dense FFNs), "experts" (routed), "shared_experts", "router",
// "norm" (every norm, the final one included) and "head" (untied LM head).
enum class GroupId : std::uint8_t {
    Embedding,
    Positions,
    Attention,
    QkNorm,
    Ffn,
    Experts,
    SharedExperts,
    Router,
    Norm,
    Head,
    Count_
};
inline constexpr std::size_t kGroupCount = static_cast<std::size_t>(GroupId::Count_);
inline constexpr std::string_view kGroupIds[kGroupCount] = {
    "embedding", "positions",      "attention", "qk_norm", "ffn",
    "experts",   "shared_experts", "router",    "norm",    "head"};

struct ParameterGroup {
    std::string_view id;
    std::int64_t total = 0;  // every layer
    std::int64_t active = 0; // what one token passes through (routed: k of E experts)
    friend bool operator==(const ParameterGroup&, const ParameterGroup&) = default;
};

// The groups of one count, at most one per id, iterated in GroupId order. Stored as two arrays
// of counts and a mask: estimate() counts on every call (a slider's every step), and an
// allocation or a search by name would double its cost.
class ParameterGroups {
public:
    class Iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = ParameterGroup;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = ParameterGroup;

        ParameterGroup operator*() const {
            return {kGroupIds[m_index], m_groups->m_total[m_index], m_groups->m_active[m_index]};
        }
        Iterator& operator++() {
            m_index = m_groups->next(m_index + 1);
            return *this;
        }
        friend bool operator==(const Iterator& a, const Iterator& b) {
            return a.m_index == b.m_index;
        }

    private:
        friend class ParameterGroups;
        Iterator(const ParameterGroups* groups, std::size_t index)
            : m_groups(groups), m_index(index) {}
        const ParameterGroups* m_groups;
        std::size_t m_index;
    };

    Iterator begin() const { return {this, next(0)}; }
    Iterator end() const { return {this, kGroupCount}; }
    std::size_t size() const { return static_cast<std::size_t>(__builtin_popcount(m_present)); }
    bool empty() const { return m_present == 0; }
    void add(GroupId id, std::int64_t total, std::int64_t active) {
        const auto index = static_cast<std::size_t>(id);
        m_total[index] = total;
        m_active[index] = active;
        m_present = static_cast<std::uint16_t>(m_present | (1u << index));
    }
    bool has(GroupId id) const { return (m_present >> static_cast<unsigned>(id)) & 1u; }
    // 0 when the architecture has no such group.
    std::int64_t totalOf(GroupId id) const {
        return has(id) ? m_total[static_cast<std::size_t>(id)] : 0;
    }
    std::int64_t activeOf(GroupId id) const {
        return has(id) ? m_active[static_cast<std::size_t>(id)] : 0;
    }
    friend bool operator==(const ParameterGroups& a, const ParameterGroups& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    std::size_t next(std::size_t index) const {
        while (index < kGroupCount && !((m_present >> index) & 1u)) {
            ++index;
        }
        return index;
    }
    std::array<std::int64_t, kGroupCount> m_total{};
    std::array<std::int64_t, kGroupCount> m_active{};
    std::uint16_t m_present = 0;
};

struct ParameterCount {
    ParameterGroups groups; // only groups the architecture has, in the order above
    std::int64_t total = 0;
    std::int64_t active = 0;
    std::int64_t largestLayer = 0; // the largest transformer layer: one FSDP unit
    friend bool operator==(const ParameterCount&, const ParameterCount&) = default;
};

// nullopt when a count would not fit in 63 bits; callers turn that into an InputError naming the
// model inputs.
std::optional<ParameterCount> countParameters(const ModelSpec& model, CountMode mode);

// Q and O are d × h·head_dim, K and V d × g·head_dim, except for one shape: a head_dim that is
// the rounded-down d/h of a model whose h does not divide d (with g = h) stands for the lecture
// note's unrounded d/h, so Q, K, V and O are d × d as the seed counts them. The GPT-3 paper
// prints such rows (d = 5140 with 40 heads), and a Config has no head_dim of its own.
inline bool unroundedHeads(const ModelSpec& m) {
    return m.heads > 0 && m.kvHeads == m.heads && m.dModel % m.heads != 0 &&
           m.headDim == std::max<std::int64_t>(1, m.dModel / m.heads);
}

// Both counts at once, as estimate() reports them: the selected one with its groups, and the
// exact and approx totals. nullopt exactly when countParameters() is.
struct ParameterModes {
    ParameterCount selected;
    std::int64_t exact = 0;
    std::int64_t approx = 0;
};
std::optional<ParameterModes> countParameterModes(const ModelSpec& model, CountMode selected);

// The same written into the caller's fields (an estimate's, without a copy of the groups):
// `groups` empty on entry. False exactly where countParameterModes() gives nullopt; the fields
// are then unspecified.
struct ParameterModesTarget {
    ParameterGroups& groups; // the selected count's
    std::int64_t& total;
    std::int64_t& active;
    std::int64_t& largestLayer;
    std::int64_t& exact;
    std::int64_t& approx;
};
bool countParameterModesInto(const ParameterModesTarget& out, const ModelSpec& model,
                             CountMode selected);

// The same count split by how a parallel layout divides it, from the same per-matrix shapes:
// over the TP ranks (Q/K/V/O and FFN matrices, column-parallel biases, per-head sinks, vocabulary
// rows), not at all (norms, row-parallel output biases, MLA's down projections, the router, the
// shared-expert gate, a learned position table) or over the expert-parallel ranks (routed
// experts, with their biases).
struct ShardedCount {
    std::int64_t tp = 0;         // divided by t
    std::int64_t replicated = 0; // the same on every TP rank
    std::int64_t experts = 0;    // routed experts: divided by e·t
    std::int64_t total() const { return tp + replicated + experts; }
    friend bool operator==(const ShardedCount&, const ShardedCount&) = default;
};

struct ParameterSplit {
    ShardedCount dense; // one layer with a dense FFN
    ShardedCount moe;   // one layer with routed experts (equal to dense for a dense model)
    std::int64_t denseLayers = 0;
    std::int64_t moeLayers = 0;  // how many of the L layers route to experts
    std::int64_t embedding = 0;  // token table v·d (v·e when projected), vocabulary-parallel
    std::int64_t projection = 0; // OPT's project_in (first stage) and project_out (last): e·d each
    std::int64_t positions = 0;  // learned position table P·d, replicated
    std::int64_t head = 0;       // untied LM head v·d (v·e), vocabulary-parallel; 0 when tied
    std::int64_t finalNorm = 0;
    std::int64_t total() const; // the whole model, every part placed once
    friend bool operator==(const ParameterSplit&, const ParameterSplit&) = default;
};

// nullopt exactly when countParameters() is. Approx keeps only the layers' weight matrices
// (12Ld² for GPT-2 at f = 4d, as Korthikanti et al. count the 22B-1T models: no vocabulary, no
// norms, no biases).
std::optional<ParameterSplit> splitParameters(const ModelSpec& model, CountMode mode);

} // namespace lgm
