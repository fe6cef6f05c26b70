package io.leasehold.model.rules.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/** Small text helpers for problem messages: value rendering and "did you mean" suggestions. */
final class FieldNames {

  /** Longest rendering of an offending value; longer ones are cut with an ellipsis. */
  static final int MAX_RENDERED_CHARS = 80;

  private FieldNames() {}

  /** The value as JSON (strings quoted and escaped), cut to {@link #MAX_RENDERED_CHARS}. */
  static String render(JsonNode value) {
    String json = printable(value.toString());
    return json.length() <= MAX_RENDERED_CHARS ? json : json.substring(0, MAX_RENDERED_CHARS - 1) + "…";
  }

  /** Escapes what Jackson leaves raw but a terminal or log would garble: DEL, C1 controls, lone surrogates. */
  private static String printable(String json) {
    StringBuilder out = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1));
      boolean escape = c >= 0x7f && c <= 0x9f || Character.isSurrogate(c) && !pair;
      if (escape && out == null) {
        out = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      if (out != null) {
        if (escape) {
          out.append(String.format("\\u%04X", (int) c));
        } else {
          out.append(c);
          if (pair) {
            out.append(json.charAt(++i));
          }
        }
      } else if (pair) {
        i++;
      }
    }
    return out == null ? json : out.toString();
  }

  /** A path segment for a name that is not a plain identifier: {@code ["x.y"]}. */
  static String quoted(String name) {
    String json = new TextNode(name).toString();
    if (json.length() > MAX_RENDERED_CHARS) {
      json = json.substring(0, MAX_RENDERED_CHARS - 2) + "…\"";
    }
    return "[" + json + "]";
  }

  /**
   * Whether text holds a control character (C0 other than tab and, when allowed, newline; DEL; C1)
   * or an unpaired surrogate: such text does not survive a YAML round trip, and never belongs in a
   * description or a header value.
   */
  static boolean hasUnsafeCharacter(String text, boolean allowNewline) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && !(allowNewline && c == '\n') || c >= 0x7f && c <= 0x9f) {
        return true;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** The known name closest to {@code name} when it is plausibly a typo of it, else null. */
  static String closest(String name, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(name.toLowerCase(java.util.Locale.ROOT).replace('-', '_'), candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerance = Math.max(1, Math.min(3, name.length() / 3));
    return bestDistance <= tolerance ? best : null;
  }

  /** Levenshtein distance, capped work: names are short. */
  private static int distance(String a, String b) {
    if (a.length() > 64 || b.length() > 64) {
      return Integer.MAX_VALUE;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
