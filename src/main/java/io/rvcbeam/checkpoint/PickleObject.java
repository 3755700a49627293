package io.rvcbeam.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inert record of a foreign Python object found in a pickle (for example an argparse {@code
 * Namespace} or an omegaconf {@code DictConfig} in a fairseq checkpoint): the class name, the
 * constructor arguments and the state the pickle would have set. Nothing is ever instantiated.
 */
public final class PickleObject {

  private final PickleGlobal type;
  private final List<Object> args;
  private Object state;
  private final Map<Object, Object> items = new LinkedHashMap<>();
  private final List<Object> elements = new ArrayList<>();

  public PickleObject(PickleGlobal type, List<Object> args) {
    this.type = type;
    this.args = Collections.unmodifiableList(new ArrayList<>(args));
  }

  public PickleGlobal type() {
    return type;
  }

  public List<Object> args() {
    return args;
  }

  /** What BUILD would have passed to {@code __setstate__}: usually a dict of attributes. */
  public Object state() {
    return state;
  }

  /** An attribute from a dict state, or null. */
  public Object attribute(String name) {
    return state instanceof Map<?, ?> m ? m.get(name) : null;
  }

  /** Entries that SETITEM(S) added, as for a dict subclass. */
  public Map<Object, Object> items() {
    return Collections.unmodifiableMap(items);
  }

  /** Elements that APPEND(S) added, as for a list subclass. */
  public List<Object> elements() {
    return Collections.unmodifiableList(elements);
  }

  void setState(Object newState) {
    this.state = newState;
  }

  void putItem(Object key, Object value) {
    items.put(key, value);
  }

  void addElement(Object value) {
    elements.add(value);
  }

  @Override
  public String toString() {
    return "PickleObject(" + type + ")";
  }
}
