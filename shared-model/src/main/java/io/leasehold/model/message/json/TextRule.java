package io.leasehold.model.message.json;

import io.leasehold.model.message.MessageLimits;

/** What a string field may contain; {@link #violation} names the first rule broken. */
enum TextRule {
  /** Tier ids and regions: they end up in logs, metric labels and headers. */
  ID {
    @Override
    String violation(String text) {
      if (text.isEmpty()) {
        return "must not be empty";
      }
      if (text.length() > MessageLimits.MAX_ID_LENGTH) {
        return tooLong(text, MessageLimits.MAX_ID_LENGTH);
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c <= ' ' || c > '~') {
          return "must be printable ASCII without spaces; found " + describeChar(c) + " at index " + i;
        }
      }
      return null;
    }
  },
  RULE_ID {
    @Override
    String violation(String text) {
      if (text.isEmpty()) {
        return "must not be empty";
      }
      if (text.length() > MessageLimits.MAX_RULE_ID_LENGTH) {
        return tooLong(text, MessageLimits.MAX_RULE_ID_LENGTH);
      }
      return wellFormedWithoutControls(text);
    }
  },
  /** Key values: anything the key extractor produced, as long as it survives UTF-8. */
  KEY {
    @Override
    String violation(String text) {
      if (text.length() > MessageLimits.MAX_KEY_LENGTH) {
        return tooLong(text, MessageLimits.MAX_KEY_LENGTH);
      }
      return unpairedSurrogate(text);
    }
  },
  CONFIG {
    @Override
    String violation(String text) {
      return text.length() > MessageLimits.MAX_CONFIG_LENGTH
          ? tooLong(text, MessageLimits.MAX_CONFIG_LENGTH)
          : unpairedSurrogate(text);
    }
  };

  /** The reason {@code text} is not acceptable, or {@code null} when it is. */
  abstract String violation(String text);

  private static String tooLong(String text, int max) {
    return "is " + text.length() + " chars long; at most " + max + " allowed";
  }

  private static String wellFormedWithoutControls(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return "must not contain control characters; found " + describeChar(text.charAt(i)) + " at index " + i;
      }
    }
    return unpairedSurrogate(text);
  }

  // A lone surrogate becomes '?' in UTF-8, so two distinct keys would collapse into one.
  private static String unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must be well-formed Unicode; found an unpaired surrogate " + describeChar(c) + " at index " + i;
      }
    }
    return null;
  }

  private static String describeChar(char c) {
    return String.format("U+%04X", (int) c);
  }
}
