package io.rvcbeam.checkpoint;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle virtual machine (protocols 0–5, binary opcodes plus the common text ones) that only
 * builds values: dicts ({@link LinkedHashMap}), lists and tuples ({@link List}), sets, {@code
 * String}, {@code Long} (or {@link BigInteger}), {@code Double}, {@code Boolean}, {@code byte[]},
 * null, and whatever {@link PicklePolicy} makes of globals. It never loads or runs code.
 */
final class Unpickler {

  /** Resolves a BINPERSID id (in torch checkpoints, a storage tuple). */
  interface PersistentLoader {
    Object load(Object pid) throws CheckpointException;
  }

  private final String file;
  private final byte[] data;
  private final PicklePolicy policy;
  private final PersistentLoader persistent;
  private int pos;
  private final List<Object> stack = new ArrayList<>();
  private final Deque<Integer> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();

  /**
   * @param file names the file in every error
   * @param persistent null when persistent ids are not expected (refused)
   */
  Unpickler(String file, byte[] data, PicklePolicy policy, PersistentLoader persistent) {
    this.file = file;
    this.data = data;
    this.policy = policy;
    this.persistent = persistent;
  }

  /** Runs until STOP and returns the pickled value. */
  Object load() throws CheckpointException {
    try {
      return run();
    } catch (StackOverflowError e) {
      // Hashing a container that holds itself (a hostile set or dict key) recurses forever.
      throw corrupt("self-referencing container used as a set element or dict key");
    }
  }

  private Object run() throws CheckpointException {
    while (true) {
      int at = pos;
      int op = u8();
      switch (op) {
        case 0x80 -> { // PROTO
          int proto = u8();
          if (proto > 5) {
            throw corrupt("unsupported pickle protocol " + proto);
          }
        }
        case 0x95 -> skip(8); // FRAME
        case '.' -> { // STOP
          if (stack.size() != 1 || !marks.isEmpty()) {
            throw corrupt("STOP with " + stack.size() + " values on the stack");
          }
          return stack.get(0);
        }
        case '(' -> marks.push(stack.size()); // MARK
        case '0' -> pop(); // POP
        case '1' -> popMark(); // POP_MARK
        case '2' -> push(peek()); // DUP
        case 'q' -> memo.put((long) u8(), peek()); // BINPUT
        case 'r' -> memo.put(u32(), peek()); // LONG_BINPUT
        case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
        case 'p' -> memo.put(parseLong(line()), peek()); // PUT
        case 'h' -> push(memoGet(u8())); // BINGET
        case 'j' -> push(memoGet(u32())); // LONG_BINGET
        case 'g' -> push(memoGet(parseLong(line()))); // GET
        case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
        case ']' -> push(new ArrayList<>()); // EMPTY_LIST
        case ')' -> push(tuple(List.of())); // EMPTY_TUPLE
        case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
        case 0x90 -> addItems(); // ADDITEMS
        case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark()))); // FROZENSET
        case 't' -> push(tuple(popMark())); // TUPLE
        case 0x85 -> push(tuple(Collections.singletonList(pop()))); // TUPLE1
        case 0x86 -> tupleOf(2); // TUPLE2
        case 0x87 -> tupleOf(3); // TUPLE3
        case 'l' -> push(new ArrayList<>(popMark())); // LIST
        case 'd' -> { // DICT
          List<Object> items = popMark();
          Map<Object, Object> map = new LinkedHashMap<>();
          putPairs(map, items);
          push(map);
        }
        case 'a' -> { // APPEND
          Object v = pop();
          append(peek(), Collections.singletonList(v));
        }
        case 'e' -> { // APPENDS
          List<Object> items = popMark();
          append(peek(), items);
        }
        case 's' -> { // SETITEM
          Object v = pop();
          Object k = pop();
          setItems(peek(), list(k, v));
        }
        case 'u' -> { // SETITEMS
          List<Object> items = popMark();
          setItems(peek(), items);
        }
        case 'N' -> push(null); // NONE
        case 0x88 -> push(Boolean.TRUE); // NEWTRUE
        case 0x89 -> push(Boolean.FALSE); // NEWFALSE
        case 'J' -> push((long) (int) u32()); // BININT
        case 'K' -> push((long) u8()); // BININT1
        case 'M' -> push((long) (u8() | (u8() << 8))); // BININT2
        case 0x8a -> push(longLe(u8())); // LONG1
        case 0x8b -> push(longLe(length(u32()))); // LONG4
        case 'I' -> { // INT (text)
          String s = line();
          push(s.equals("00") ? Boolean.FALSE : s.equals("01") ? Boolean.TRUE : parseLong(s));
        }
        case 'L' -> { // LONG (text)
          String s = line();
          push(narrow(new BigInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s)));
        }
        case 'G' -> push(Double.longBitsToDouble(beLong())); // BINFLOAT
        case 'F' -> push(parseDouble(line())); // FLOAT (text)
        case 'X' -> push(utf8(length(u32()))); // BINUNICODE
        case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
        case 0x8d -> push(utf8(length(u64()))); // BINUNICODE8
        case 'T' -> push(latin1(length(u32()))); // BINSTRING (py2 str)
        case 'U' -> push(latin1(u8())); // SHORT_BINSTRING
        case 'B' -> push(bytes(length(u32()))); // BINBYTES
        case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
        case 0x8e, 0x96 -> push(bytes(length(u64()))); // BINBYTES8, BYTEARRAY8
        case 'c' -> { // GLOBAL
          String module = line();
          String name = line();
          push(policy.resolve(module, name));
        }
        case 0x93 -> { // STACK_GLOBAL
          Object name = pop();
          Object module = pop();
          if (!(module instanceof String m) || !(name instanceof String n)) {
            throw corrupt("STACK_GLOBAL needs two strings");
          }
          push(policy.resolve(m, n));
        }
        case 'R' -> { // REDUCE
          List<Object> args = asArgs(pop(), "REDUCE");
          push(policy.call(asGlobal(pop(), "REDUCE"), args));
        }
        case 0x81 -> { // NEWOBJ
          List<Object> args = asArgs(pop(), "NEWOBJ");
          push(policy.newObject(asGlobal(pop(), "NEWOBJ"), args));
        }
        case 0x92 -> { // NEWOBJ_EX
          pop(); // kwargs
          List<Object> args = asArgs(pop(), "NEWOBJ_EX");
          push(policy.newObject(asGlobal(pop(), "NEWOBJ_EX"), args));
        }
        case 'i' -> { // INST
          PickleGlobal cls = policy.resolve(line(), line());
          push(policy.call(cls, popMark()));
        }
        case 'o' -> { // OBJ
          List<Object> items = popMark();
          if (items.isEmpty()) {
            throw corrupt("OBJ without a class");
          }
          PickleGlobal cls = asGlobal(items.get(0), "OBJ");
          push(policy.call(cls, items.subList(1, items.size())));
        }
        case 'b' -> build(pop(), peek()); // BUILD
        case 'Q' -> push(persistentLoad(pop())); // BINPERSID
        case 'P' -> push(persistentLoad(line())); // PERSID
        default ->
            throw corrupt(String.format("unsupported pickle opcode 0x%02x at byte %d", op, at));
      }
    }
  }

  private Object persistentLoad(Object pid) throws CheckpointException {
    if (persistent == null) {
      throw corrupt("persistent id outside a PyTorch zip checkpoint");
    }
    return persistent.load(pid);
  }

  private void build(Object state, Object target) throws CheckpointException {
    if (target instanceof PickleObject o) {
      o.setState(state);
    } else if (target instanceof PickleGlobal g) {
      throw new UnsafePickleException(
          file, g.qualifiedName(), "the pickle sets attributes of " + g.qualifiedName());
    }
    // Dicts (OrderedDict._metadata of state dicts), lists and tensors: attributes are ignored.
  }

  @SuppressWarnings("unchecked")
  private void append(Object target, List<Object> items) throws CheckpointException {
    if (target instanceof ArrayList<?> l) {
      ((List<Object>) l).addAll(items);
    } else if (target instanceof PickleObject o) {
      for (Object v : items) {
        o.addElement(v);
      }
    } else {
      throw corrupt("APPEND to a " + PicklePolicy.describe(target));
    }
  }

  @SuppressWarnings("unchecked")
  private void setItems(Object target, List<Object> items) throws CheckpointException {
    if (items.size() % 2 != 0) {
      throw corrupt("SETITEMS with an odd number of values");
    }
    if (target instanceof LinkedHashMap<?, ?> m) {
      putPairs((Map<Object, Object>) m, items);
    } else if (target instanceof PickleObject o) {
      for (int i = 0; i < items.size(); i += 2) {
        o.putItem(items.get(i), items.get(i + 1));
      }
    } else {
      throw corrupt("SETITEM on a " + PicklePolicy.describe(target));
    }
  }

  @SuppressWarnings("unchecked")
  private void addItems() throws CheckpointException {
    List<Object> items = popMark();
    Object target = peek();
    if (!(target instanceof LinkedHashSet<?> s)) {
      throw corrupt("ADDITEMS on a " + PicklePolicy.describe(target));
    }
    ((Set<Object>) s).addAll(items);
  }

  private void putPairs(Map<Object, Object> map, List<Object> items) throws CheckpointException {
    if (items.size() % 2 != 0) {
      throw corrupt("DICT with an odd number of values");
    }
    for (int i = 0; i < items.size(); i += 2) {
      map.put(items.get(i), items.get(i + 1));
    }
  }

  @SuppressWarnings("unchecked")
  private List<Object> asArgs(Object o, String op) throws CheckpointException {
    if (o instanceof List<?> l) {
      return (List<Object>) l;
    }
    if (o instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    throw corrupt(op + " arguments are a " + PicklePolicy.describe(o) + ", not a tuple");
  }

  private PickleGlobal asGlobal(Object o, String op) throws CheckpointException {
    if (o instanceof PickleGlobal g) {
      return g;
    }
    throw new UnsafePickleException(
        file,
        PicklePolicy.describe(o),
        "the pickle calls a "
            + PicklePolicy.describe(o)
            + " value via "
            + op
            + "; only allow-listed globals may be called");
  }

  private void tupleOf(int n) throws CheckpointException {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) {
      items[i] = pop();
    }
    push(tuple(java.util.Arrays.asList(items)));
  }

  private static List<Object> tuple(List<Object> items) {
    return Collections.unmodifiableList(new ArrayList<>(items));
  }

  private static List<Object> list(Object a, Object b) {
    List<Object> l = new ArrayList<>(2);
    l.add(a);
    l.add(b);
    return l;
  }

  private void push(Object o) {
    stack.add(o);
  }

  private Object pop() throws CheckpointException {
    int floor = marks.isEmpty() ? 0 : marks.peek();
    if (stack.size() <= floor) {
      throw corrupt("stack underflow at byte " + (pos - 1));
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek() throws CheckpointException {
    if (stack.isEmpty()) {
      throw corrupt("stack underflow at byte " + (pos - 1));
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popMark() throws CheckpointException {
    if (marks.isEmpty()) {
      throw corrupt("MARK missing at byte " + (pos - 1));
    }
    int m = marks.pop();
    List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
    stack.subList(m, stack.size()).clear();
    return items;
  }

  private Object memoGet(long key) throws CheckpointException {
    if (!memo.containsKey(key)) {
      throw corrupt("memo key " + key + " not set");
    }
    return memo.get(key);
  }

  private int u8() throws CheckpointException {
    need(1);
    return data[pos++] & 0xff;
  }

  private long u32() throws CheckpointException {
    need(4);
    long v =
        (data[pos] & 0xffL)
            | (data[pos + 1] & 0xffL) << 8
            | (data[pos + 2] & 0xffL) << 16
            | (data[pos + 3] & 0xffL) << 24;
    pos += 4;
    return v;
  }

  private long u64() throws CheckpointException {
    long lo = u32();
    long hi = u32();
    return lo | hi << 32;
  }

  private long beLong() throws CheckpointException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (data[pos++] & 0xffL);
    }
    return v;
  }

  private int length(long n) throws CheckpointException {
    if (n < 0 || n > data.length - pos) {
      throw corrupt("length " + n + " runs past the end of the pickle (truncated?)");
    }
    return (int) n;
  }

  private void need(int n) throws CheckpointException {
    if (pos + n > data.length) {
      throw corrupt("pickle ends early (truncated?)");
    }
  }

  private void skip(int n) throws CheckpointException {
    need(n);
    pos += n;
  }

  private byte[] bytes(int n) throws CheckpointException {
    need(n);
    byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  private String utf8(int n) throws CheckpointException {
    return new String(bytes(n), StandardCharsets.UTF_8);
  }

  private String latin1(int n) throws CheckpointException {
    return new String(bytes(n), StandardCharsets.ISO_8859_1);
  }

  private String line() throws CheckpointException {
    int start = pos;
    while (pos < data.length && data[pos] != '\n') {
      pos++;
    }
    if (pos >= data.length) {
      throw corrupt("pickle ends early (truncated?)");
    }
    String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
    pos++;
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private Object longLe(int n) throws CheckpointException {
    byte[] le = bytes(n);
    if (n == 0) {
      return 0L;
    }
    byte[] be = new byte[n];
    for (int i = 0; i < n; i++) {
      be[i] = le[n - 1 - i];
    }
    return narrow(new BigInteger(be));
  }

  private static Object narrow(BigInteger v) {
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private long parseLong(String s) throws CheckpointException {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw corrupt("bad integer '" + s + "'");
    }
  }

  private double parseDouble(String s) throws CheckpointException {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw corrupt("bad float '" + s + "'");
    }
  }

  private CheckpointException corrupt(String problem) {
    return new CheckpointException(file, "corrupt pickle: " + problem, null);
  }
}
