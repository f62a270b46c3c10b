#include "environment.h"

namespace rf {

namespace {

// Whether byte i of an entry belongs to its name: the name runs up to the
// first '=', which a name may start with (Windows keeps per-drive directories
// as "=C:=C:\dir"), or to the end.
bool in_name(const char* entry, size_t i) { return entry[i] && (i == 0 || entry[i] != '='); }

size_t name_length(const char* entry) {
  size_t n = 0;
  while (in_name(entry, n)) ++n;
  return n;
}

char fold(char c, bool fold_case) { return fold_case && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// Whether `entry` is of the variable `name`, whose name is n bytes long.
bool has_name(const char* entry, const char* name, size_t n, bool fold_case) {
  for (size_t i = 0; i < n; ++i)
    if (fold(entry[i], fold_case) != fold(name[i], fold_case)) return false;
  return entry[n] == '=' || !entry[n];
}

// An open-addressing set of entries, told apart by name.
struct NameSet {
  size_t mask;
  const char** slots;

  // The slot holding an entry of `entry`'s name, or the empty one it belongs in.
  const char** find(const char* entry, bool fold_case) {
    // Multiply-and-add (Bernstein's, without his seed) over the name, measuring
    // it: no constants to load, and spread enough for linear probing in a
    // table at most half full.
    size_t n = 0, h = 0;
    for (; in_name(entry, n); ++n) h = h * 33 + static_cast<unsigned char>(fold(entry[n], fold_case));
    for (size_t s = h & mask;; s = (s + 1) & mask)
      if (!slots[s] || has_name(slots[s], entry, n, fold_case)) return &slots[s];
  }
};

}  // namespace

const char* find_env(char* const* envp, const char* name, const arch::OsTraits& os) {
  for (; *envp; ++envp) {
    const char* entry = *envp;
    size_t i = 0;
    while (name[i] && fold(entry[i], os.env_names_fold_case) == fold(name[i], os.env_names_fold_case)) ++i;
    if (!name[i] && entry[i] == '=') return entry + i + 1;
  }
  return nullptr;
}

char** build_environment(char* const* inherited, const char* const* overrides, size_t count, const arch::OsTraits& os,
                         Arena& arena) {
  size_t total = count;
  for (char* const* entry = inherited; *entry; ++entry) ++total;
  bool fold_case = os.env_names_fold_case;
  NameSet names{15, nullptr};
  while (names.mask < 2 * total) names.mask = names.mask * 2 + 1;
  // The set's slots, then the output with its null: all zeroed.
  names.slots = arena.allocate_array<const char*>(names.mask + 1 + total + 1);
  char** out = const_cast<char**>(names.slots + names.mask + 1);
  // Overrides claim their names first, the last of a name winning.
  for (size_t i = 0; i < count; ++i) *names.find(overrides[i], fold_case) = overrides[i];
  char** next = out;
  for (char* const* entry = inherited; *entry; ++entry) {
    const char** slot = names.find(*entry, fold_case);
    if (!*slot) *slot = *next++ = *entry;
  }
  for (size_t i = 0; i < count; ++i) {
    const char* entry = overrides[i];
    if (*names.find(entry, fold_case) == entry && entry[name_length(entry)] == '=') *next++ = const_cast<char*>(entry);
  }
  return out;
}

}  // namespace rf
