#include "environment.h"

namespace rf {

namespace {

// The name part of "NAME=value". A leading '=' belongs to the name (Windows
// keeps per-drive directories as "=C:=C:\dir").
Str name_of(const char* entry) {
  size_t n = entry[0] ? 1 : 0;
  while (entry[n] && entry[n] != '=') ++n;
  return Str(entry, n);
}

char fold(char c, bool fold_case) { return fold_case && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

bool same_name(Str a, Str b, bool fold_case) {
  if (a.size != b.size) return false;
  for (size_t i = 0; i < a.size; ++i)
    if (fold(a[i], fold_case) != fold(b[i], fold_case)) return false;
  return true;
}

// An open-addressing set of names. Each slot holds an index into `names`, plus one.
class NameTable {
 public:
  NameTable(size_t expected, bool fold_case, Arena& arena) : fold_case_(fold_case) {
    while (mask_ + 1 < expected * 2) mask_ = mask_ * 2 + 1;
    slots_ = arena.allocate_array<uint32_t>(mask_ + 1);
    for (size_t i = 0; i <= mask_; ++i) slots_[i] = 0;
    names_ = arena.allocate_array<Str>(expected);
  }

  // The index of `name`, inserting it when absent (then *inserted is true).
  size_t find_or_insert(Str name, bool* inserted) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < name.size; ++i) h = (h ^ static_cast<unsigned char>(fold(name[i], fold_case_))) * 16777619u;
    for (size_t s = h & mask_;; s = (s + 1) & mask_) {
      if (slots_[s] == 0) {
        names_[count_] = name;
        slots_[s] = static_cast<uint32_t>(++count_);
        *inserted = true;
        return count_ - 1;
      }
      if (same_name(names_[slots_[s] - 1], name, fold_case_)) {
        *inserted = false;
        return slots_[s] - 1;
      }
    }
  }

 private:
  bool fold_case_;
  size_t mask_ = 15;
  uint32_t* slots_;
  Str* names_;
  size_t count_ = 0;
};

}  // namespace

const char* find_env(char* const* envp, Str name, const arch::OsTraits& os) {
  for (; *envp; ++envp) {
    Str n = name_of(*envp);
    if (same_name(n, name, os.env_names_fold_case) && (*envp)[n.size] == '=') return *envp + n.size + 1;
  }
  return nullptr;
}

char** build_environment(char* const* inherited, const EnvOverride* overrides, size_t count,
                         const arch::OsTraits& os, Arena& arena) {
  size_t inherited_count = 0;
  while (inherited[inherited_count]) ++inherited_count;
  NameTable names(inherited_count + count + 1, os.env_names_fold_case, arena);
  // Overrides take the first indices; later ones replace earlier ones.
  const char** entry = arena.allocate_array<const char*>(count + 1);
  size_t distinct = 0;
  for (size_t i = 0; i < count; ++i) {
    bool inserted;
    size_t k = names.find_or_insert(overrides[i].name, &inserted);
    distinct += inserted;
    entry[k] = overrides[i].entry;
  }
  char** out = arena.allocate_array<char*>(inherited_count + distinct + 1);
  size_t n = 0;
  for (size_t i = 0; i < inherited_count; ++i) {
    bool inserted;
    names.find_or_insert(name_of(inherited[i]), &inserted);
    if (inserted) out[n++] = inherited[i];
  }
  for (size_t k = 0; k < distinct; ++k)
    if (entry[k]) out[n++] = const_cast<char*>(entry[k]);
  out[n] = nullptr;
  return out;
}

}  // namespace rf
