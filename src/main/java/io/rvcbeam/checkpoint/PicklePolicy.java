package io.rvcbeam.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a checkpoint pickle may name and call. Nothing is ever executed: the few allowed functions
 * (OrderedDict, tensor rebuilding, storages, sets, …) are reimplemented here; data classes of
 * config objects (argparse, omegaconf, fairseq enums, datetime) become inert {@link PickleObject}s;
 * everything able to run code is refused with an {@link UnsafePickleException}.
 *
 * <ul>
 *   <li>GLOBAL of a module that can run code (os, posix, nt, subprocess, builtins other than plain
 *       data types, importlib, operator, functools, …): refused at once.
 *   <li>REDUCE (a call) of a global: allowed for the functions reimplemented here and for
 *       capitalised data classes of the data modules; anything else is refused.
 *   <li>NEWOBJ (object creation without calling {@code __init__}) of any other class: an inert
 *       {@link PickleObject}.
 *   <li>A global that is only referenced (e.g. a dtype or a config's type field) stays a {@link
 *       PickleGlobal}.
 * </ul>
 */
final class PicklePolicy {

  /** Module roots whose members can run code, touch files or the network, or reach them. */
  private static final Set<String> FORBIDDEN_ROOTS =
      Set.of(
          "os",
          "posix",
          "nt",
          "posixpath",
          "ntpath",
          "subprocess",
          "sys",
          "importlib",
          "imp",
          "runpy",
          "code",
          "codeop",
          "ctypes",
          "socket",
          "shutil",
          "pickle",
          "_pickle",
          "cPickle",
          "pickletools",
          "marshal",
          "pty",
          "platform",
          "webbrowser",
          "multiprocessing",
          "operator",
          "_operator",
          "functools",
          "_functools",
          "io",
          "_io",
          "commands",
          "popen2",
          "pdb",
          "bdb",
          "timeit",
          "types",
          "shelve",
          "tempfile",
          "signal",
          "asyncio",
          "threading",
          "_thread",
          "thread",
          "urllib",
          "urllib2",
          "http",
          "httplib",
          "requests",
          "ftplib",
          "smtplib",
          "telnetlib",
          "xmlrpc",
          "glob",
          "zipimport",
          "site",
          "sysconfig",
          "distutils",
          "setuptools",
          "pip",
          "gc",
          "inspect",
          "linecache",
          "ast",
          "dill",
          "cloudpickle",
          "joblib",
          "builtins",
          "__builtin__",
          "copyreg",
          "copy_reg",
          "_codecs",
          "codecs",
          "ssl",
          "select",
          "fcntl",
          "resource",
          "mmap",
          "zipfile",
          "tarfile",
          "sqlite3",
          "logging",
          "unittest",
          "doctest",
          "trace",
          "cProfile",
          "profile");

  /** Plain data types of builtins that a pickle may name. */
  private static final Set<String> BUILTIN_DATA =
      Set.of(
          "set",
          "frozenset",
          "dict",
          "list",
          "tuple",
          "int",
          "float",
          "complex",
          "str",
          "bytes",
          "bytearray",
          "bool",
          "object",
          "slice",
          "range",
          "NoneType");

  /** Modules (or module roots) whose capitalised classes are plain config data. */
  private static final Set<String> DATA_MODULE_ROOTS =
      Set.of("argparse", "omegaconf", "fairseq", "datetime", "pathlib", "enum", "typing");

  private static final Map<String, HostTensor.DType> STORAGES = new LinkedHashMap<>();

  static {
    STORAGES.put("HalfStorage", HostTensor.DType.FLOAT16);
    STORAGES.put("BFloat16Storage", HostTensor.DType.BFLOAT16);
    STORAGES.put("FloatStorage", HostTensor.DType.FLOAT32);
    STORAGES.put("DoubleStorage", HostTensor.DType.FLOAT64);
    STORAGES.put("LongStorage", HostTensor.DType.INT64);
    STORAGES.put("IntStorage", HostTensor.DType.INT32);
    STORAGES.put("ShortStorage", HostTensor.DType.INT16);
    STORAGES.put("CharStorage", HostTensor.DType.INT8);
    STORAGES.put("ByteStorage", HostTensor.DType.UINT8);
    STORAGES.put("BoolStorage", HostTensor.DType.BOOL);
  }

  private final String file;

  PicklePolicy(String file) {
    this.file = file;
  }

  /** Called for every GLOBAL / STACK_GLOBAL: refuses names that only serve to run code. */
  PickleGlobal resolve(String module, String name) throws UnsafePickleException {
    PickleGlobal g = new PickleGlobal(module, name);
    String root = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
    boolean allowedException =
        ((root.equals("builtins") || root.equals("__builtin__"))
                && module.equals(root)
                && BUILTIN_DATA.contains(name))
            || ((module.equals("copyreg") || module.equals("copy_reg"))
                && (name.equals("_reconstructor") || name.equals("__newobj__")))
            || (module.equals("_codecs") && name.equals("encode"));
    if ((FORBIDDEN_ROOTS.contains(root) && !allowedException)
        || (root.equals("torch") && (module.startsWith("torch.hub") || name.equals("load")))) {
      throw new UnsafePickleException(
          file,
          g.qualifiedName(),
          "the pickle calls "
              + g.qualifiedName()
              + ", which can run code; only tensors, containers and plain data are allowed");
    }
    return g;
  }

  /** The storage element type of a {@code torch.<X>Storage} global, or null. */
  static HostTensor.DType storageType(Object type) {
    if (type instanceof PickleGlobal g && g.module().equals("torch")) {
      return STORAGES.get(g.name());
    }
    return null;
  }

  /** REDUCE: {@code fn(*args)}, only for what is reimplemented here or is inert data. */
  Object call(PickleGlobal fn, List<Object> args) throws CheckpointException {
    String qn = fn.qualifiedName();
    switch (qn) {
      case "collections.OrderedDict",
          "builtins.dict",
          "__builtin__.dict",
          "collections.defaultdict" -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (!qn.equals("collections.defaultdict") && !args.isEmpty()) {
          for (Object pair : asList(args.get(0), qn)) {
            List<Object> kv = asList(pair, qn);
            map.put(kv.get(0), kv.get(1));
          }
        }
        return map;
      }
      case "torch._utils._rebuild_tensor_v2" -> {
        return rebuildTensor(args);
      }
      case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
        return tensorArg(args, 0, qn);
      }
      case "torch._tensor._rebuild_from_type_v2" -> {
        if (args.size() < 3
            || !(args.get(0) instanceof PickleGlobal f)
            || !f.qualifiedName().equals("torch._utils._rebuild_tensor_v2")) {
          throw refuse(
              qn,
              "the pickle calls "
                  + qn
                  + " with a function other than "
                  + "torch._utils._rebuild_tensor_v2");
        }
        return rebuildTensor(asList(args.get(2), qn));
      }
      case "torch.Size",
          "builtins.list",
          "builtins.tuple",
          "__builtin__.list",
          "__builtin__.tuple",
          "collections.deque" -> {
        return args.isEmpty() ? new ArrayList<>() : new ArrayList<>(asCollection(args.get(0), qn));
      }
      case "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset" -> {
        return args.isEmpty()
            ? new LinkedHashSet<>()
            : new LinkedHashSet<>(asCollection(args.get(0), qn));
      }
      case "_codecs.encode" -> {
        if (args.isEmpty() || !(args.get(0) instanceof String s)) {
          throw corrupt(qn + " without a string argument");
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
      }
      case "builtins.bytearray", "builtins.bytes" -> {
        return args.isEmpty() ? new byte[0] : args.get(0);
      }
      case "torch.device" -> {
        return args.isEmpty() ? "cpu" : String.valueOf(args.get(0));
      }
      case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> {
        return numpyScalar(fn, args);
      }
      case "copyreg._reconstructor", "copy_reg._reconstructor" -> {
        if (args.isEmpty() || !(args.get(0) instanceof PickleGlobal cls)) {
          throw corrupt(qn + " without a class");
        }
        return newObject(cls, List.of());
      }
      case "copyreg.__newobj__", "copy_reg.__newobj__" -> {
        if (args.isEmpty() || !(args.get(0) instanceof PickleGlobal cls)) {
          throw corrupt(qn + " without a class");
        }
        return newObject(cls, args.subList(1, args.size()));
      }
      case "numpy.dtype",
          "numpy.core.multiarray._reconstruct",
          "numpy._core.multiarray._reconstruct" -> {
        return new PickleObject(fn, args);
      }
      default -> {
        if (isDataClass(fn)) {
          return new PickleObject(fn, args);
        }
        throw refuse(
            qn,
            "the pickle calls "
                + qn
                + ", which is not on the allow-list of safe functions and data classes");
      }
    }
  }

  /** NEWOBJ: {@code cls.__new__(cls, *args)}; never runs anything. */
  Object newObject(PickleGlobal cls, List<Object> args) throws CheckpointException {
    String qn = cls.qualifiedName();
    return switch (qn) {
      case "collections.OrderedDict", "builtins.dict", "collections.defaultdict" ->
          new LinkedHashMap<>();
      case "builtins.list", "builtins.tuple" -> new ArrayList<>();
      case "builtins.set", "builtins.frozenset" -> new LinkedHashSet<>();
      case "torch.Size" ->
          args.isEmpty() ? new ArrayList<>() : new ArrayList<>(asCollection(args.get(0), qn));
      case "builtins.object", "__builtin__.object" -> throw corrupt("NEWOBJ of " + qn);
      default -> {
        if (qn.startsWith("torch._utils.") || qn.startsWith("_codecs.")) {
          throw refuse(qn, "the pickle calls " + qn + " as a class");
        }
        yield new PickleObject(cls, args);
      }
    };
  }

  private static boolean isDataClass(PickleGlobal g) {
    String root =
        g.module().contains(".") ? g.module().substring(0, g.module().indexOf('.')) : g.module();
    return (DATA_MODULE_ROOTS.contains(root)
            && !g.name().isEmpty()
            && Character.isUpperCase(g.name().charAt(0)))
        || ((g.module().equals("builtins") || g.module().equals("__builtin__"))
            && BUILTIN_DATA.contains(g.name()));
  }

  private Object rebuildTensor(List<Object> args) throws CheckpointException {
    String qn = "torch._utils._rebuild_tensor_v2";
    if (args.size() < 4 || !(args.get(0) instanceof TorchStorage storage)) {
      throw corrupt(qn + " called without (storage, offset, size, stride, ...)");
    }
    long offset = asLong(args.get(1), qn);
    long[] size = asLongs(args.get(2), qn);
    long[] stride = asLongs(args.get(3), qn);
    return storage.view(offset, size, stride);
  }

  private Object numpyScalar(PickleGlobal fn, List<Object> args) throws CheckpointException {
    if (args.size() == 2
        && args.get(0) instanceof PickleObject dtype
        && !dtype.args().isEmpty()
        && dtype.args().get(0) instanceof String kind
        && args.get(1) instanceof byte[] raw) {
      ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      Object order = dtype.state() instanceof List<?> st && st.size() > 1 ? st.get(1) : "<";
      if (!">".equals(order)) {
        switch (kind) {
          case "f8" -> {
            return raw.length == 8 ? b.getDouble(0) : new PickleObject(fn, args);
          }
          case "f4" -> {
            return raw.length == 4 ? (double) b.getFloat(0) : new PickleObject(fn, args);
          }
          case "i8" -> {
            return raw.length == 8 ? b.getLong(0) : new PickleObject(fn, args);
          }
          case "i4" -> {
            return raw.length == 4 ? (long) b.getInt(0) : new PickleObject(fn, args);
          }
          case "b1" -> {
            return raw.length == 1 ? raw[0] != 0 : new PickleObject(fn, args);
          }
          default -> {
            return new PickleObject(fn, args);
          }
        }
      }
    }
    return new PickleObject(fn, args);
  }

  private HostTensor tensorArg(List<Object> args, int i, String qn) throws CheckpointException {
    if (args.size() <= i || !(args.get(i) instanceof HostTensor t)) {
      throw corrupt(qn + " called without a tensor");
    }
    return t;
  }

  private long asLong(Object o, String qn) throws CheckpointException {
    if (o instanceof Long l) {
      return l;
    }
    throw corrupt(qn + ": expected an int, got " + describe(o));
  }

  private long[] asLongs(Object o, String qn) throws CheckpointException {
    List<Object> list = asList(o, qn);
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = asLong(list.get(i), qn);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private List<Object> asList(Object o, String qn) throws CheckpointException {
    if (o instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw corrupt(qn + ": expected a tuple or list, got " + describe(o));
  }

  @SuppressWarnings("unchecked")
  private Collection<Object> asCollection(Object o, String qn) throws CheckpointException {
    if (o instanceof Collection<?> c) {
      return (Collection<Object>) c;
    }
    throw corrupt(qn + ": expected an iterable, got " + describe(o));
  }

  static String describe(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }

  private UnsafePickleException refuse(String global, String problem) {
    return new UnsafePickleException(file, global, problem);
  }

  private CheckpointException corrupt(String problem) {
    return new CheckpointException(file, "corrupt pickle: " + problem, null);
  }
}
