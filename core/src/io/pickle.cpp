#include "io/pickle.hpp"

#include "io/byte_source.hpp"
#include "upsample/error.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace upsample::io {
namespace {

constexpr int kMaxDepth = 64;

// What torch.load(weights_only=True) accepts and this reader rebuilds.
constexpr std::array<std::string_view, 10> kReadGlobals{
    "collections.OrderedDict",        "torch._utils._rebuild_tensor_v2",
    "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
    "torch._tensor._rebuild_from_type_v2", "torch.Size",
    "torch.Tensor",                   "torch.nn.parameter.Parameter",
    "_codecs.encode",                 "torch.UntypedStorage",
};

// What torch.load(weights_only=True) accepts but this reader does not rebuild (a call refuses it).
constexpr std::array<std::string_view, 12> kUnreadGlobals{
    "torch._utils._rebuild_qtensor",       "torch._utils._rebuild_sparse_tensor",
    "torch._utils._rebuild_sparse_csr_tensor", "torch._utils._rebuild_meta_tensor_no_storage",
    "torch._utils._rebuild_nested_tensor", "torch._utils._rebuild_wrapper_subclass",
    "torch._utils._rebuild_device_tensor_from_numpy", "torch.serialization._get_layout",
    "torch.device",                        "builtins.set",
    "builtins.complex",                    "builtins.bytearray",
};

bool isTorchDTypeName(std::string_view module, std::string_view name) {
    static constexpr std::array<std::string_view, 18> dtypes{
        "float32", "float64", "float16", "bfloat16", "uint8", "int8", "int16", "int32", "int64", "bool",
        "float", "double", "half", "long", "int", "short", "complex64", "complex128"};
    return module == "torch" && std::find(dtypes.begin(), dtypes.end(), name) != dtypes.end();
}

bool isStorageType(std::string_view module, std::string_view name) {
    return module == "torch" && name.size() > 7 && name.substr(name.size() - 7) == "Storage";
}

class Unpickler {
public:
    explicit Unpickler(std::span<const std::byte> bytes) : in_(bytes) {}

    Pickle run() {
        while (true) {
            if (pos_ >= in_.size()) fail("the pickle ends without its STOP opcode (a truncated data.pkl)");
            opAt_ = pos_;
            const auto op = static_cast<unsigned char>(in_[pos_++]);
            if (op == '.') break;
            step(op);
        }
        if (stack_.size() != 1 || !marks_.empty()) fail("the pickle's stack does not hold exactly one value at STOP");
        out_.root = stack_.back();
        return std::move(out_);
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw TensorFileError(why + " (data.pkl, byte " + std::to_string(opAt_) + ")");
    }

    // ---- input
    std::span<const std::byte> take(uint64_t n) {
        if (n > in_.size() - pos_) fail("the pickle is cut short");
        const auto s = in_.subspan(pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<std::size_t>(n);
        return s;
    }
    uint64_t uint(std::size_t n) { return loadLE(take(n).data(), n); }
    std::string str(uint64_t n) {
        const auto s = take(n);
        return std::string(reinterpret_cast<const char*>(s.data()), s.size());
    }
    std::string line() {
        std::string s;
        while (true) {
            if (pos_ >= in_.size()) fail("the pickle is cut short in a text argument");
            const char c = static_cast<char>(in_[pos_++]);
            if (c == '\n') return s;
            if (s.size() > 256) fail("a text argument longer than 256 bytes");
            s += c;
        }
    }

    // ---- values
    uint32_t add(PyNode n) {
        if (out_.nodes.size() >= (1u << 26)) fail("the pickle holds more than 67 million values");
        out_.nodes.push_back(std::move(n));
        return static_cast<uint32_t>(out_.nodes.size() - 1);
    }
    uint32_t addInt(int64_t v, PyKind k = PyKind::Int) { return add(PyNode{k, v, 0, {}, {}}); }
    uint32_t addText(PyKind k, std::string s) { return add(PyNode{k, 0, 0, std::move(s), {}}); }
    void push(uint32_t id) { stack_.push_back(id); }
    uint32_t pop() {
        if (stack_.size() <= (marks_.empty() ? 0 : marks_.back())) fail("the pickle pops from an empty stack");
        const uint32_t id = stack_.back();
        stack_.pop_back();
        return id;
    }
    uint32_t top() {
        if (stack_.size() <= (marks_.empty() ? 0 : marks_.back())) fail("the pickle reads an empty stack");
        return stack_.back();
    }
    std::vector<uint32_t> popMark() {
        if (marks_.empty()) fail("the pickle closes a MARK it never opened");
        const std::size_t m = marks_.back();
        marks_.pop_back();
        std::vector<uint32_t> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
        stack_.resize(m);
        return items;
    }
    PyNode& node(uint32_t id) { return out_.nodes[id]; }
    uint32_t tuple(std::vector<uint32_t> items) { return add(PyNode{PyKind::Tuple, 0, 0, {}, std::move(items)}); }

    void memoPut(uint64_t key) { memo_[key] = top(); }
    void memoGet(uint64_t key) {
        const auto it = memo_.find(key);
        if (it == memo_.end()) fail("the pickle reads memo entry " + std::to_string(key) + ", which it never stored");
        push(it->second);
    }

    int64_t longValue(uint64_t n) {
        if (n > 8) fail("an integer of " + std::to_string(n) + " bytes (over 64 bits)");
        if (n == 0) return 0;
        const uint64_t v = uint(static_cast<std::size_t>(n));
        const unsigned shift = 64 - 8 * static_cast<unsigned>(n);
        return static_cast<int64_t>(v << shift) >> shift;
    }

    void step(unsigned char op);
    void global(const std::string& module, const std::string& name);
    void reduce();
    void persistentId();
    void build();
    void setItems(uint32_t dict, const std::vector<uint32_t>& kv);
    void appendItems(uint32_t list, const std::vector<uint32_t>& items);
    uint32_t call(const std::string& fn, uint32_t args);
    uint32_t rebuildTensor(uint32_t args);
    std::vector<int64_t> intTuple(uint32_t id, const char* what);

    std::span<const std::byte> in_;
    std::size_t pos_ = 0, opAt_ = 0;
    std::vector<uint32_t> stack_;
    std::vector<std::size_t> marks_;
    std::unordered_map<uint64_t, uint32_t> memo_;
    std::unordered_map<std::string, uint32_t> storageByKey_;
    Pickle out_;
};

void Unpickler::step(unsigned char op) {
    switch (op) {
    case 0x80: if (uint(1) > 5) fail("an unknown pickle protocol"); return;   // PROTO
    case 0x95: take(8); return;                                               // FRAME
    case '(': marks_.push_back(stack_.size()); return;                        // MARK
    case 'N': push(add(PyNode{})); return;                                    // NONE
    case 0x88: push(addInt(1, PyKind::Bool)); return;                         // NEWTRUE
    case 0x89: push(addInt(0, PyKind::Bool)); return;                         // NEWFALSE
    case 'K': push(addInt(static_cast<int64_t>(uint(1)))); return;             // BININT1
    case 'M': push(addInt(static_cast<int64_t>(uint(2)))); return;             // BININT2
    case 'J': push(addInt(static_cast<int32_t>(uint(4)))); return;             // BININT
    case 0x8a: push(addInt(longValue(uint(1)))); return;                      // LONG1
    case 0x8b: push(addInt(longValue(uint(4)))); return;                      // LONG4
    case 'G': {                                                               // BINFLOAT (big-endian)
        const auto b = take(8);
        uint64_t bits = 0;
        for (std::byte c : b) bits = (bits << 8) | static_cast<uint64_t>(c);
        push(add(PyNode{PyKind::Float, 0, std::bit_cast<double>(bits), {}, {}}));
        return;
    }
    case 'X': push(addText(PyKind::String, str(uint(4)))); return;            // BINUNICODE
    case 0x8c: push(addText(PyKind::String, str(uint(1)))); return;           // SHORT_BINUNICODE
    case 0x8d: push(addText(PyKind::String, str(uint(8)))); return;           // BINUNICODE8
    case 'U': push(addText(PyKind::String, str(uint(1)))); return;            // SHORT_BINSTRING
    case 'T': push(addText(PyKind::String, str(uint(4)))); return;            // BINSTRING
    case 'C': push(addText(PyKind::Bytes, str(uint(1)))); return;             // SHORT_BINBYTES
    case 'B': push(addText(PyKind::Bytes, str(uint(4)))); return;             // BINBYTES
    case 0x8e: push(addText(PyKind::Bytes, str(uint(8)))); return;            // BINBYTES8
    case ')': push(tuple({})); return;                                        // EMPTY_TUPLE
    case 't': push(tuple(popMark())); return;                                 // TUPLE
    case 0x85: { auto a = pop(); push(tuple({a})); return; }                  // TUPLE1
    case 0x86: { auto b = pop(), a = pop(); push(tuple({a, b})); return; }    // TUPLE2
    case 0x87: { auto c = pop(), b = pop(), a = pop(); push(tuple({a, b, c})); return; }  // TUPLE3
    case ']': push(add(PyNode{PyKind::List, 0, 0, {}, {}})); return;          // EMPTY_LIST
    case 'l': { auto items = popMark(); push(add(PyNode{PyKind::List, 0, 0, {}, std::move(items)})); return; }  // LIST
    case '}': push(add(PyNode{PyKind::Dict, 0, 0, {}, {}})); return;          // EMPTY_DICT
    case 'd': { auto kv = popMark(); const uint32_t d = add(PyNode{PyKind::Dict, 0, 0, {}, {}}); setItems(d, kv); push(d); return; }  // DICT
    case 'a': { const uint32_t v = pop(); appendItems(top(), {v}); return; }  // APPEND
    case 'e': { auto items = popMark(); appendItems(top(), items); return; }  // APPENDS
    case 's': { const uint32_t v = pop(), k = pop(); setItems(top(), {k, v}); return; }  // SETITEM
    case 'u': { auto kv = popMark(); setItems(top(), kv); return; }            // SETITEMS
    case 'q': memoPut(uint(1)); return;                                       // BINPUT
    case 'r': memoPut(uint(4)); return;                                       // LONG_BINPUT
    case 0x94: memoPut(memo_.size()); return;                                 // MEMOIZE
    case 'h': memoGet(uint(1)); return;                                       // BINGET
    case 'j': memoGet(uint(4)); return;                                       // LONG_BINGET
    case '0': pop(); return;                                                  // POP
    case '1': popMark(); return;                                              // POP_MARK
    case '2': push(top()); return;                                            // DUP
    case 'c': { std::string m = line(); global(m, line()); return; }          // GLOBAL
    case 0x93: {                                                              // STACK_GLOBAL
        const uint32_t n = pop(), m = pop();
        if (node(m).kind != PyKind::String || node(n).kind != PyKind::String) fail("STACK_GLOBAL of a non-string");
        global(node(m).text, node(n).text);
        return;
    }
    case 'R': reduce(); return;                                               // REDUCE
    case 'Q': persistentId(); return;                                         // BINPERSID
    case 'b': build(); return;                                                // BUILD
    case 'i': case 'o': case 0x81: case 0x92:
        fail("the pickle creates an object with the opcode " +
             std::string(op == 'i' ? "INST" : op == 'o' ? "OBJ" : op == 0x81 ? "NEWOBJ" : "NEWOBJ_EX") +
             ", which torch.load(weights_only=True) refuses for anything but its allowed classes; refused, nothing was run");
    default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        fail(std::string("unsupported pickle opcode ") + hex + " ('" + (op >= 0x20 && op < 0x7f ? std::string(1, static_cast<char>(op)) : "?") +
             "'): torch.save does not write it");
    }
    }
}

void Unpickler::global(const std::string& module, const std::string& name) {
    const std::string full = module + "." + name;
    const auto listed = [&](const auto& list) { return std::find(list.begin(), list.end(), full) != list.end(); };
    if (!listed(kReadGlobals) && !listed(kUnreadGlobals) && !isTorchDTypeName(module, name) &&
        !isStorageType(module, name))
        fail("refused the global '" + full + "': torch.load(weights_only=True) does not allow it either, and " +
             "nothing in the file was run");
    push(addText(PyKind::Global, full));
}

std::vector<int64_t> Unpickler::intTuple(uint32_t id, const char* what) {
    const PyNode& n = node(id);
    if (n.kind != PyKind::Tuple && n.kind != PyKind::List) fail(std::string("the tensor's ") + what + " is not a tuple");
    if (n.items.size() > 64) fail(std::string("the tensor's ") + what + " has more than 64 entries");
    std::vector<int64_t> v;
    for (uint32_t i : n.items) {
        if (node(i).kind != PyKind::Int) fail(std::string("the tensor's ") + what + " holds a value that is not an integer");
        v.push_back(node(i).value);
    }
    return v;
}

uint32_t Unpickler::rebuildTensor(uint32_t args) {
    const auto items = node(args).items;  // (storage, offset, size, stride, requires_grad, hooks[, metadata])
    if (node(args).kind != PyKind::Tuple || items.size() < 4)
        fail("torch._utils._rebuild_tensor_v2 is called without (storage, offset, size, stride)");
    if (node(items[0]).kind != PyKind::Storage) fail("torch._utils._rebuild_tensor_v2 is called without a storage");
    if (node(items[1]).kind != PyKind::Int) fail("the tensor's storage offset is not an integer");
    TensorRef t;
    t.storage = static_cast<uint32_t>(node(items[0]).value);
    t.offset = node(items[1]).value;
    t.size = intTuple(items[2], "size");
    t.stride = intTuple(items[3], "stride");
    if (t.size.size() != t.stride.size())
        fail("the tensor has " + std::to_string(t.size.size()) + " sizes but " + std::to_string(t.stride.size()) + " strides");
    out_.tensors.push_back(std::move(t));
    return addInt(static_cast<int64_t>(out_.tensors.size() - 1), PyKind::Tensor);
}

uint32_t Unpickler::call(const std::string& fn, uint32_t args) {
    const auto& a = node(args).items;
    const auto arg = [&](std::size_t i) {
        if (i >= a.size()) fail(fn + " is called with " + std::to_string(a.size()) + " arguments");
        return a[i];
    };
    if (fn == "collections.OrderedDict") return add(PyNode{PyKind::Dict, 0, 0, {}, {}});
    if (fn == "torch._utils._rebuild_tensor_v2") return rebuildTensor(args);
    if (fn == "torch._utils._rebuild_parameter" || fn == "torch._utils._rebuild_parameter_with_state") {
        if (node(arg(0)).kind != PyKind::Tensor) fail(fn + " is called without a tensor");
        return arg(0);
    }
    if (fn == "torch._tensor._rebuild_from_type_v2") {
        if (node(arg(0)).kind != PyKind::Global || node(arg(2)).kind != PyKind::Tuple)
            fail(fn + " is called without a function and its arguments");
        if (node(arg(0)).text == fn) fail(fn + " is called to call itself");
        return call(node(arg(0)).text, arg(2));
    }
    if (fn == "torch.Size") {
        if (node(arg(0)).kind != PyKind::Tuple) fail("torch.Size is called without a tuple");
        return arg(0);
    }
    if (fn == "_codecs.encode") {
        if (node(arg(0)).kind != PyKind::String) fail("_codecs.encode is called without a string");
        return addText(PyKind::Bytes, node(arg(0)).text);  // latin-1 text as UTF-8: only for display
    }
    fail("the pickle calls " + fn + ", which torch.load(weights_only=True) allows but this reader does not read " +
         "(quantized, sparse, nested and meta tensors are not read)");
}

void Unpickler::reduce() {
    const uint32_t args = pop(), fn = pop();
    if (node(fn).kind != PyKind::Global) fail("the pickle calls a value that is not a global");
    if (node(args).kind != PyKind::Tuple) fail("the pickle calls " + node(fn).text + " without an argument tuple");
    push(call(node(fn).text, args));
}

void Unpickler::persistentId() {
    const uint32_t pid = pop();
    const auto items = node(pid).items;
    if (node(pid).kind != PyKind::Tuple || items.size() != 5 || node(items[0]).kind != PyKind::String ||
        node(items[0]).text != "storage")
        fail("a persistent id that is not ('storage', type, key, location, numel)");
    const PyNode &type = node(items[1]), &key = node(items[2]), &loc = node(items[3]), &numel = node(items[4]);
    if (type.kind != PyKind::Global || type.text.rfind("torch.", 0) != 0 || key.kind != PyKind::String ||
        loc.kind != PyKind::String || numel.kind != PyKind::Int || numel.value < 0)
        fail("a malformed storage persistent id");
    const std::string typeName = type.text.substr(6);
    const auto found = storageByKey_.find(key.text);
    if (found != storageByKey_.end()) {
        const StorageRef& s = out_.storages[found->second];
        if (s.typeName != typeName)
            fail("the storage '" + key.text + "' is used as both " + s.typeName + " and " + typeName);
        push(addInt(found->second, PyKind::Storage));
        return;
    }
    out_.storages.push_back(StorageRef{key.text, typeName, loc.text, static_cast<uint64_t>(numel.value)});
    const auto index = static_cast<int64_t>(out_.storages.size() - 1);
    storageByKey_[key.text] = static_cast<uint32_t>(index);
    push(addInt(index, PyKind::Storage));
}

void Unpickler::build() {
    pop();  // the state: an OrderedDict's attributes (a state dict's _metadata) or a tensor's
    const PyKind k = node(top()).kind;
    if (k != PyKind::Dict && k != PyKind::Tensor) fail("the pickle sets the state of a value that is not a dict or a tensor");
}

void Unpickler::setItems(uint32_t dict, const std::vector<uint32_t>& kv) {
    if (node(dict).kind != PyKind::Dict) fail("the pickle sets an item of a value that is not a dict");
    if (kv.size() % 2 != 0) fail("the pickle sets a key without a value");
    auto& items = node(dict).items;
    items.insert(items.end(), kv.begin(), kv.end());
}

void Unpickler::appendItems(uint32_t list, const std::vector<uint32_t>& items) {
    if (node(list).kind != PyKind::List) fail("the pickle appends to a value that is not a list");
    auto& to = node(list).items;
    to.insert(to.end(), items.begin(), items.end());
}

std::string keyText(const Pickle& p, uint32_t id) {
    const PyNode& n = p.nodes[id];
    if (n.kind == PyKind::String) return n.text;
    if (n.kind == PyKind::Int) return std::to_string(n.value);
    return "?";
}

struct Collector {
    const Pickle& p;
    std::vector<NamedTensor> out;
    std::unordered_map<std::string, std::size_t> byName;  // a repeated key replaces, as in a dict
    uint64_t visits = 0;

    void visit(uint32_t id, const std::string& name, int depth) {
        if (depth > kMaxDepth)
            throw TensorFileError("the pickle nests its values more than " + std::to_string(kMaxDepth) +
                                  " levels deep (or a container holds itself)");
        if (++visits > (1u << 22)) throw TensorFileError("the pickle refers to its values more than 4 million times");
        const PyNode& n = p.nodes[id];
        const auto child = [&](const std::string& key) { return name.empty() ? key : name + "." + key; };
        if (n.kind == PyKind::Tensor) {
            const auto [it, fresh] = byName.emplace(name, out.size());
            if (fresh) out.push_back(NamedTensor{name, static_cast<uint32_t>(n.value)});
            else out[it->second].tensor = static_cast<uint32_t>(n.value);
        } else if (n.kind == PyKind::Dict) {
            for (std::size_t i = 0; i + 1 < n.items.size(); i += 2)
                visit(n.items[i + 1], child(keyText(p, n.items[i])), depth + 1);
        } else if (n.kind == PyKind::List || n.kind == PyKind::Tuple) {
            for (std::size_t i = 0; i < n.items.size(); ++i) visit(n.items[i], child(std::to_string(i)), depth + 1);
        }
    }
};

}  // namespace

Pickle loadTorchPickle(std::span<const std::byte> bytes) { return Unpickler(bytes).run(); }

std::vector<NamedTensor> namedTensors(const Pickle& p) {
    Collector c{p, {}, {}, 0};
    c.visit(p.root, "", 0);
    return std::move(c.out);
}

}  // namespace upsample::io
