package io.leasehold.model.rules.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasehold.model.rules.ConfigProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML or JSON text into a tree, turning every failure (syntax, duplicate keys, size
 * limits, I/O) into a {@link ConfigProblem} with line and column instead of an exception.
 */
public final class ConfigReader {

  /** The problem path of the document as a whole. */
  public static final String DOCUMENT = "config";

  public enum Format {
    YAML(ConfigMappers.YAML),
    JSON(ConfigMappers.JSON);

    private final ObjectMapper mapper;

    Format(ObjectMapper mapper) {
      this.mapper = mapper;
    }
  }

  /** The parsed tree and no problems, or null and one problem. */
  public record Read(JsonNode tree, List<ConfigProblem> problems) {}

  private ConfigReader() {}

  public static Read read(Format format, String text) {
    if (text == null) {
      return failed("is missing (no text given)");
    }
    try {
      return checked(format.mapper.readTree(text));
    } catch (JsonProcessingException e) {
      return syntax(format, e);
    } catch (RuntimeException e) {
      return failed("could not be read as " + format + ": " + firstLine(e.getMessage()));
    }
  }

  public static Read read(Format format, InputStream in) {
    if (in == null) {
      return failed("is missing (no input given)");
    }
    try {
      return checked(format.mapper.readTree(in));
    } catch (JsonProcessingException e) {
      return syntax(format, e);
    } catch (IOException e) {
      return failed("could not be read: " + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      return failed("could not be read as " + format + ": " + firstLine(e.getMessage()));
    }
  }

  private static Read checked(JsonNode tree) {
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return failed("is empty");
    }
    return new Read(tree, List.of());
  }

  private static Read syntax(Format format, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException) {
      MarkedYAMLException yaml = (MarkedYAMLException) e.getCause();
      Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
      String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
      String context = yaml.getContext() == null ? "" : firstLine(yaml.getContext());
      if (context.contains("alias")) { // the usual cause: a bare * (any header value) that YAML reads as an alias
        context += "; write a literal * in quotes: \"*\"";
      }
      context = context.isEmpty() ? "" : " (" + context + ")";
      return failed("is not valid YAML" + where + ": " + firstLine(yaml.getProblem()) + context);
    }
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String message = firstLine(e.getOriginalMessage());
    if (message.startsWith("Trailing token")) {
      message = format == Format.YAML ? "more than one document (a configuration is one document)"
          : "content after the end of the document";
    }
    int jacksonDetail = message.indexOf(" (for ");
    if (jacksonDetail > 0) { // Jackson's "(for Array starting at [Source: ...])" repeats what line/column say
      message = message.substring(0, jacksonDetail);
    }
    return failed("is not valid " + format + where + ": " + message);
  }

  private static Read failed(String reason) {
    return new Read(null, List.of(new ConfigProblem(DOCUMENT, null, reason)));
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "unknown error";
    }
    String line = message.strip();
    int newline = line.indexOf('\n');
    return newline < 0 ? line : line.substring(0, newline).strip();
  }
}
