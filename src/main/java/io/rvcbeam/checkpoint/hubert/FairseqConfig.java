package io.rvcbeam.checkpoint.hubert;

import io.rvcbeam.checkpoint.PickleObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sizes a fairseq HuBERT checkpoint declares, translated to HF {@code config.json} names.
 *
 * <p>fairseq pickles its config as foreign objects (an omegaconf {@code DictConfig} under
 * {@code "cfg"}, or an argparse {@code Namespace} under {@code "args"}), which the checkpoint
 * reader keeps as inert {@link PickleObject}s. The fields are found by name anywhere inside them;
 * a value wrapped in an omegaconf node is unwrapped. Whatever is not found is left out, and
 * {@link HubertConfigReader} falls back to shapes and HuBERT-base defaults.
 */
public final class FairseqConfig {

  private static final int MAX_DEPTH = 12;

  private FairseqConfig() {}

  /** Declared values (HF names) from a fairseq checkpoint's root dict. */
  public static Map<String, Object> declared(Map<?, ?> root) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String section : List.of("cfg", "args")) {
      Object tree = root.get(section);
      if (tree == null) {
        continue;
      }
      copy(tree, "encoder_attention_heads", "num_attention_heads", out);
      copy(tree, "conv_pos", "num_conv_pos_embeddings", out);
      copy(tree, "conv_pos_groups", "num_conv_pos_embedding_groups", out);
      copy(tree, "layer_norm_first", "do_stable_layer_norm", out);
      copy(tree, "activation_fn", "hidden_act", out);
      copy(tree, "conv_bias", "conv_bias", out);
      Object mode = find(tree, "extractor_mode");
      if (mode instanceof String s && !out.containsKey("feat_extract_norm")) {
        out.put("feat_extract_norm", s.equals("default") ? "group" : s);
      }
      Object layers = find(tree, "conv_feature_layers");
      if (layers instanceof String s && !out.containsKey("conv_stride")) {
        List<long[]> stack = parseConvLayers(s);
        List<Long> dims = new ArrayList<>();
        List<Long> kernels = new ArrayList<>();
        List<Long> strides = new ArrayList<>();
        for (long[] layer : stack) {
          dims.add(layer[0]);
          kernels.add(layer[1]);
          strides.add(layer[2]);
        }
        out.put("conv_dim", dims);
        out.put("conv_kernel", kernels);
        out.put("conv_stride", strides);
      }
    }
    return out;
  }

  private static void copy(Object tree, String field, String hfName, Map<String, Object> out) {
    if (!out.containsKey(hfName)) {
      Object value = find(tree, field);
      if (value != null) {
        out.put(hfName, value);
      }
    }
  }

  /** The first plain value (string, number, boolean) stored under {@code field}, or null. */
  static Object find(Object tree, String field) {
    return find(tree, field, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static Object find(Object node, String field, int depth, Set<Object> seen) {
    if (node == null || depth > MAX_DEPTH || isPlain(node) || !seen.add(node)) {
      return null;
    }
    if (node instanceof Map<?, ?> map) {
      if (map.containsKey(field)) {
        Object value = unwrap(map.get(field), 0);
        if (value != null) {
          return value;
        }
      }
      for (Object child : map.values()) {
        Object found = find(child, field, depth + 1, seen);
        if (found != null) {
          return found;
        }
      }
    } else if (node instanceof List<?> list) {
      for (Object child : list) {
        Object found = find(child, field, depth + 1, seen);
        if (found != null) {
          return found;
        }
      }
    } else if (node instanceof PickleObject object) {
      for (Object child : List.of(nullToEmpty(object.state()), object.items(),
          object.elements(), object.args())) {
        Object found = find(child, field, depth + 1, seen);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Object nullToEmpty(Object o) {
    return o == null ? Map.of() : o;
  }

  /**
   * A plain value, the value inside an omegaconf node ({@code _val}), or the value an enum
   * member was rebuilt from (fairseq's {@code ChoiceEnum} fields pickle as {@code Enum(value)}).
   */
  private static Object unwrap(Object value, int depth) {
    if (isPlain(value)) {
      return value;
    }
    if (depth < 3 && value instanceof PickleObject node) {
      Object inner = node.attribute("_val");
      if (inner == null && node.args().size() == 1) {
        inner = node.args().get(0);
      }
      return unwrap(inner, depth + 1);
    }
    return null;
  }

  private static boolean isPlain(Object o) {
    return o instanceof String || o instanceof Number || o instanceof Boolean;
  }

  /**
   * fairseq's {@code conv_feature_layers}, a Python expression such as
   * {@code "[(512,10,5)] + [(512,3,2)] * 4 + [(512,2,2)] * 2"}: lists of (dim, kernel, stride)
   * tuples joined by {@code +}, each optionally repeated by {@code * n}.
   */
  static List<long[]> parseConvLayers(String text) {
    return new ConvLayerParser(text).parse();
  }

  private static final class ConvLayerParser {
    private final String text;
    private int pos;

    ConvLayerParser(String text) {
      this.text = text;
    }

    List<long[]> parse() {
      List<long[]> out = new ArrayList<>(term());
      while (peek() == '+') {
        pos++;
        out.addAll(term());
      }
      if (peek() != 0) {
        throw error();
      }
      return out;
    }

    private List<long[]> term() {
      expect('[');
      List<long[]> list = new ArrayList<>();
      list.add(tuple());
      while (peek() == ',') {
        pos++;
        if (peek() == ']') {
          break;
        }
        list.add(tuple());
      }
      expect(']');
      if (peek() != '*') {
        return list;
      }
      pos++;
      long times = number();
      List<long[]> repeated = new ArrayList<>();
      for (long i = 0; i < times; i++) {
        repeated.addAll(list);
      }
      return repeated;
    }

    private long[] tuple() {
      expect('(');
      long[] t = new long[3];
      for (int i = 0; i < 3; i++) {
        if (i > 0) {
          expect(',');
        }
        t[i] = number();
      }
      while (peek() != ')' && peek() != 0) {
        pos++; // further tuple fields (e.g. a conv-bias flag) are not sizes
      }
      expect(')');
      return t;
    }

    private long number() {
      peek();
      int start = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw error();
      }
      return Long.parseLong(text.substring(start, pos));
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error();
      }
      pos++;
    }

    /** The next non-blank character (0 at the end), without consuming it. */
    private char peek() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      return pos < text.length() ? text.charAt(pos) : 0;
    }

    private IllegalArgumentException error() {
      return new IllegalArgumentException(
          "cannot parse conv_feature_layers at offset " + pos + ": " + text);
    }
  }
}
