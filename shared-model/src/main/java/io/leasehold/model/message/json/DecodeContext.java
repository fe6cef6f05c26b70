package io.leasehold.model.message.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.leasehold.model.message.MessageProblem;
import java.util.ArrayList;
import java.util.List;

/** Problems found while decoding one message, and the unknown-field policy that applies to it. */
final class DecodeContext {

  /** Problems listed in full; a body with 100k bad entries must not produce a huge reply. */
  static final int MAX_LISTED_PROBLEMS = 100;

  private static final int MAX_SHOWN_CHARS = 64;

  private final List<MessageProblem> problems = new ArrayList<>();
  private int problemCount;
  private boolean ignoreUnknownFields;

  void ignoreUnknownFields(boolean ignore) {
    ignoreUnknownFields = ignore;
  }

  boolean ignoresUnknownFields() {
    return ignoreUnknownFields;
  }

  void report(FieldPath path, JsonNode value, String reason) {
    report(path, render(value), reason);
  }

  void report(FieldPath path, String renderedValue, String reason) {
    problemCount++;
    if (problems.size() < MAX_LISTED_PROBLEMS) {
      problems.add(new MessageProblem(path.toString(), renderedValue, reason));
    }
  }

  int problemCount() {
    return problemCount;
  }

  List<MessageProblem> problems() {
    if (problemCount <= problems.size()) {
      return problems;
    }
    List<MessageProblem> listed = new ArrayList<>(problems);
    listed.add(new MessageProblem(MessageProblem.ROOT, (problemCount - problems.size()) + " more",
        "further problems not listed"));
    return listed;
  }

  /** The value as short JSON text: long strings cut, containers summarised. */
  static String render(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return MessageProblem.MISSING;
    }
    if (value.isObject()) {
      return "{…} (an object of " + value.size() + " fields)";
    }
    if (value.isArray()) {
      return "[…] (an array of " + value.size() + " elements)";
    }
    if (value.isTextual()) {
      return quote(value.textValue());
    }
    return value.toString();
  }

  /**
   * JSON-style quoting that also escapes unpaired surrogates, so that the problem list itself is
   * always well-formed text; cuts long strings without splitting a surrogate pair.
   */
  static String quote(String text) {
    int end = Math.min(text.length(), MAX_SHOWN_CHARS);
    if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    StringBuilder out = new StringBuilder(end + 8).append('"');
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) && !paired) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    return end == text.length() ? out.toString() : out + "… (" + text.length() + " chars)";
  }

  static String describeType(JsonNode value) {
    switch (value.getNodeType()) {
      case STRING:
        return "a string";
      case NUMBER:
        return value.isIntegralNumber() ? "an integer" : "a fractional number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      case OBJECT:
        return "an object";
      case ARRAY:
        return "an array";
      default:
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
