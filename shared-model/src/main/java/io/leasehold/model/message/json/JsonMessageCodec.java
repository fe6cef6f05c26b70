package io.leasehold.model.message.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.Message;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.MessageProblem;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * JSON {@link MessageCodec}: streams on encode, parses to a tree and validates on decode.
 *
 * <p>Parsing is strict: no comments, no trailing content, no duplicate fields, at most
 * {@value #MAX_NESTING_DEPTH} levels of nesting. Syntax errors are reported with line and column.
 */
public final class JsonMessageCodec implements MessageCodec {

  /** Messages nest four levels deep; anything far deeper is hostile, not a newer version. */
  static final int MAX_NESTING_DEPTH = 32;

  private static final JsonMessageCodec INSTANCE = new JsonMessageCodec();

  private final JsonFactory factory;
  private final ObjectMapper mapper;

  private JsonMessageCodec() {
    factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        // Raw UTF-8 for characters beyond the BMP, as for every other character: shorter, and the
        // same text that encodeToString produces.
        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
        .build();
    mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  public static JsonMessageCodec instance() {
    return INSTANCE;
  }

  @Override
  public String mediaType() {
    return "application/json";
  }

  @Override
  public byte[] encode(Message message) {
    Objects.requireNonNull(message, "message");
    try (ByteArrayBuilder buffer = new ByteArrayBuilder(4096);
        JsonGenerator out = factory.createGenerator(buffer, JsonEncoding.UTF8)) {
      MessageJsonWriter.write(out, message);
      out.flush();
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory failed", e);
    }
  }

  @Override
  public String encodeToString(Message message) {
    Objects.requireNonNull(message, "message");
    StringWriter text = new StringWriter(4096);
    try (JsonGenerator out = factory.createGenerator(text)) {
      MessageJsonWriter.write(out, message);
      out.flush();
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory failed", e);
    }
  }

  @Override
  public <T extends Message> Decoded<T> decode(byte[] encoded, Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (encoded == null) {
      return emptyDocument();
    }
    JsonParser parser;
    try {
      parser = factory.createParser(encoded);
    } catch (IOException e) {
      return unreadable(e);
    }
    return decode(parser, type);
  }

  @Override
  public <T extends Message> Decoded<T> decode(String encoded, Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (encoded == null) {
      return emptyDocument();
    }
    JsonParser parser;
    try {
      parser = factory.createParser(encoded);
    } catch (IOException e) {
      return unreadable(e);
    }
    return decode(parser, type);
  }

  private <T extends Message> Decoded<T> decode(JsonParser parser, Class<T> type) {
    try (parser) {
      return decodeTree(mapper.readTree(parser), type);
    } catch (JsonProcessingException e) {
      return malformed(e, parser);
    } catch (IOException e) {
      return unreadable(e);
    } catch (RuntimeException e) {
      return internalError(e);
    }
  }

  private static <T extends Message> Decoded<T> decodeTree(JsonNode root, Class<T> type) {
    if (root == null || root.isMissingNode()) {
      return emptyDocument();
    }
    return MessageJsonReader.read(root, type);
  }

  private static <T> Decoded<T> emptyDocument() {
    return problem("(empty)", "expected a JSON object");
  }

  private static <T> Decoded<T> malformed(JsonProcessingException e, JsonParser parser) {
    // Constraint violations (nesting depth, …) carry no location of their own.
    JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
    String where = at == null || at == JsonLocation.NA
        ? "(unknown position)"
        : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    return problem(where, "malformed JSON: " + e.getOriginalMessage());
  }

  private static <T> Decoded<T> unreadable(IOException e) {
    return problem("(unreadable)", "could not read the message: " + e.getMessage());
  }

  // Decoding is meant to be total; a bug must still not become a stack trace in a response.
  private static <T> Decoded<T> internalError(RuntimeException e) {
    return problem("(internal error)", "the decoder failed (a bug, please report it): " + e);
  }

  private static <T> Decoded<T> problem(String value, String reason) {
    return Decoded.invalid(List.of(new MessageProblem(MessageProblem.ROOT, value, reason)));
  }
}
