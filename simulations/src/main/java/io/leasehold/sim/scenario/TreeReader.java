package io.leasehold.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Reads one YAML mapping of a scenario while recording every problem with its exact field path,
 * so a file with several mistakes is reported in one go. Getters return the default (or a neutral
 * value) after recording a problem; the loader throws once everything was read.
 */
final class TreeReader {
  private final JsonNode node;
  private final String path;
  private final List<Problem> problems;
  private final Set<String> known = new LinkedHashSet<>();

  TreeReader(JsonNode node, String path, List<Problem> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  void problem(String field, JsonNode value, String reason) {
    problems.add(new Problem(child(field), render(value), reason));
  }

  boolean has(String name) {
    known.add(name);
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  JsonNode raw(String name) {
    known.add(name);
    return node.get(name);
  }

  String string(String name, String fallback) {
    JsonNode v = raw(name);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        problem(name, null, "required");
      }
      return fallback;
    }
    if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
      problem(name, v, "must be a text value");
      return fallback;
    }
    return v.asText();
  }

  long integer(String name, Long fallback, long min, long max) {
    JsonNode v = raw(name);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        problem(name, null, "required");
        return min;
      }
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      problem(name, v, "must be a whole number");
      return fallback == null ? min : fallback;
    }
    long value = v.asLong();
    if (value < min || value > max) {
      problem(name, v, "must be between " + min + " and " + max);
      return fallback == null ? min : fallback;
    }
    return value;
  }

  double number(String name, Double fallback, double min, double max) {
    JsonNode v = raw(name);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        problem(name, null, "required");
        return min;
      }
      return fallback;
    }
    if (!v.isNumber()) {
      problem(name, v, "must be a number");
      return fallback == null ? min : fallback;
    }
    double value = v.asDouble();
    if (!(value >= min && value <= max)) {
      problem(name, v, "must be between " + fmt(min) + " and " + fmt(max));
      return fallback == null ? min : fallback;
    }
    return value;
  }

  long duration(String name, Long fallback) {
    return parsed(name, fallback, Quantities::durationNanos);
  }

  /** A fraction: {@code 0.1} or {@code "10%"}, within [min, max]. */
  double fraction(String name, double fallback, double min, double max) {
    JsonNode v = raw(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    double value;
    try {
      value = Quantities.fraction(v.asText());
    } catch (IllegalArgumentException e) {
      problem(name, v, e.getMessage());
      return fallback;
    }
    if (!(value >= min && value <= max)) {
      problem(name, v, "must be between " + fmt(min) + " and " + fmt(max));
      return fallback;
    }
    return value;
  }

  private long parsed(String name, Long fallback, ToLongFunction<String> parser) {
    JsonNode v = raw(name);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        problem(name, null, "required");
        return 0;
      }
      return fallback;
    }
    if (!v.isTextual()) {
      problem(name, v, "must be a duration with a unit, e.g. 250ms or 1.5s");
      return fallback == null ? 0 : fallback;
    }
    try {
      return parser.applyAsLong(v.asText());
    } catch (IllegalArgumentException e) {
      problem(name, v, e.getMessage());
      return fallback == null ? 0 : fallback;
    }
  }

  /** A nested mapping, or null (with a problem when required or of the wrong type). */
  TreeReader object(String name, boolean required) {
    JsonNode v = raw(name);
    if (v == null || v.isNull()) {
      if (required) {
        problem(name, null, "required");
      }
      return null;
    }
    if (!v.isObject()) {
      problem(name, v, "must be a mapping of fields");
      return null;
    }
    return new TreeReader(v, child(name), problems);
  }

  /** Items of a sequence as raw nodes with their paths, empty (with a problem when required) otherwise. */
  List<Item> list(String name, boolean required) {
    JsonNode v = raw(name);
    List<Item> items = new ArrayList<>();
    if (v == null || v.isNull()) {
      if (required) {
        problem(name, null, "required");
      }
      return items;
    }
    if (!v.isArray()) {
      problem(name, v, "must be a list");
      return items;
    }
    if (v.isEmpty() && required) {
      problem(name, v, "must not be empty");
    }
    for (int i = 0; i < v.size(); i++) {
      items.add(new Item(v.get(i), child(name) + "[" + i + "]"));
    }
    return items;
  }

  /** An element of a list: raw node and its path. */
  record Item(JsonNode node, String path) {
    TreeReader asObject(List<Problem> problems) {
      if (!node.isObject()) {
        problems.add(new Problem(path, render(node), "must be a mapping of fields"));
        return null;
      }
      return new TreeReader(node, path, problems);
    }
  }

  /** Records a problem for every field that no getter asked for (typos, misplaced options). */
  void rejectUnknown() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(new Problem(child(name), render(node.get(name)),
            "unknown field; expected one of " + known));
      }
    }
  }

  static String render(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.isTextual() ? '"' + value.asText() + '"' : value.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
