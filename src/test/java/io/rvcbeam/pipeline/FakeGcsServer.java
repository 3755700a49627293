package io.rvcbeam.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * An in-memory server of the part of the Cloud Storage JSON API that Beam's GCS file system
 * (GcsUtil and the gcsio channels under it) calls, so tests run Beam's own gs:// code against a
 * local endpoint ({@code --gcsEndpoint}).
 *
 * <p>Written here because no Cloud Storage emulator serves Beam's client on these machines:
 * fake-gcs-server needs Go or Docker, and the firebase-tools Storage emulator has no batch
 * endpoint (Beam renames, copies and deletes through {@code /batch/storage/v1}) and its CLI
 * refuses to start on Java 17.
 *
 * <p>Served, following the API's documented behaviour: bucket get; object metadata get and media
 * download ({@code alt=media} also under {@code /download}, {@code generation}, {@code Range} with 206/416, {@code
 * x-goog-generation} and {@code x-goog-hash} headers); list ({@code prefix}, {@code delimiter},
 * {@code pageToken}; pages are kept small so paging is exercised); uploads ({@code
 * uploadType=media}, {@code multipart}, and {@code resumable} with chunked {@code PUT}s, {@code
 * 308} and {@code Range}); {@code rewriteTo} and {@code copyTo}; delete; {@code ifGenerationMatch}
 * preconditions (412); int64 fields as JSON strings; errors as {@code {"error": {...}}}; batch
 * requests ({@code multipart/mixed}) dispatched part by part. {@link #failFirstAttempt} answers
 * 503 to the first attempt of chosen calls, as the service may.
 */
public final class FakeGcsServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OBJECT_PATH = Pattern.compile("/b/([^/]+)/o/(.+)");
  private static final Pattern REWRITE_PATH =
      Pattern.compile("/b/([^/]+)/o/([^/]+)/(rewriteTo|copyTo)/b/([^/]+)/o/([^/]+)");

  private record StoredObject(
      byte[] data, long generation, String contentType, long updatedMillis) {}

  private record Upload(
      String bucket, String name, String contentType, Long ifGenerationMatch,
      ByteArrayOutputStream data) {}

  private record Request(
      String method, String path, Map<String, String> query, Map<String, String> headers,
      byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private record Response(int status, Map<String, String> headers, byte[] body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
  private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
  private final AtomicInteger transientErrors = new AtomicInteger();
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final int pageSize;
  private volatile Predicate<String> failFirst = call -> false;
  private volatile long mediaDelayMillis;

  /** @param pageSize the most items a list page holds (GCS may return fewer than asked for) */
  public FakeGcsServer(int pageSize) throws IOException {
    this.pageSize = pageSize;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::exchange);
    server.setExecutor(executor);
    server.start();
  }

  /** What {@code --gcsEndpoint} should be. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/storage/v1/";
  }

  public void createBucket(String bucket) {
    buckets.putIfAbsent(bucket, new TreeMap<>());
  }

  /** Stores an object as an upload would (new generation). */
  public void put(String bucket, String name, byte[] data) {
    synchronized (bucket(bucket)) {
      bucket(bucket).put(name, newObject(data, "application/octet-stream"));
    }
  }

  /** An object's bytes, or null. */
  public byte[] get(String bucket, String name) {
    StoredObject object = bucket(bucket).get(name);
    return object == null ? null : object.data().clone();
  }

  /** The names in a bucket under a prefix, sorted. */
  public List<String> names(String bucket, String prefix) {
    synchronized (bucket(bucket)) {
      return new ArrayList<>(bucket(bucket).subMap(prefix, prefix + Character.MAX_VALUE).keySet());
    }
  }

  /**
   * Answers 503 to the first attempt of each call whose key matches. Keys: {@code get:BUCKET/NAME}
   * (metadata), {@code media:BUCKET/NAME}, {@code list:BUCKET/PREFIX}, {@code upload:BUCKET/NAME}
   * (starting an upload), {@code rewrite:BUCKET/NAME} (source).
   */
  public void failFirstAttempt(Predicate<String> calls) {
    failFirst = calls;
  }

  /** Holds each media download this long before answering (to make downloads overlap). */
  public void delayMedia(long millis) {
    mediaDelayMillis = millis;
  }

  /** 503 answers given so far. */
  public int transientErrors() {
    return transientErrors.get();
  }

  /** The keys of the calls that were answered 503 (see {@link #failFirstAttempt}). */
  public Set<String> failedCalls() {
    return new TreeSet<>(failedOnce);
  }

  /** Every call served: {@code METHOD path?query}, batch parts included. */
  public List<String> calls() {
    synchronized (calls) {
      return new ArrayList<>(calls);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- HTTP plumbing ----

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
      byte[] body = exchange.getRequestBody().readAllBytes();
      Response response;
      try {
        response = handle(new Request(exchange.getRequestMethod(), uri.getRawPath(),
            query(uri.getRawQuery()), headers, body));
      } catch (RuntimeException e) {
        response = error(500, "fake server: " + e);
      }
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      boolean noBody = response.body().length == 0;
      exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    }
  }

  private Response handle(Request request) {
    calls.add(request.method() + " " + request.path()
        + (request.query().isEmpty() ? "" : "?" + request.query()));
    String path = request.path();
    if (path.startsWith("/download/storage/v1/")) { // where the client sends alt=media
      path = path.substring("/download".length());
    }
    if (path.equals("/batch/storage/v1") && request.method().equals("POST")) {
      return batch(request);
    }
    if (path.startsWith("/upload/storage/v1/b/")) {
      return upload(request, path.substring("/upload/storage/v1".length()));
    }
    if (!path.startsWith("/storage/v1/b/")) {
      return error(404, "fake server: no route for " + request.method() + " " + path);
    }
    String api = path.substring("/storage/v1".length());
    Matcher rewrite = REWRITE_PATH.matcher(api);
    if (rewrite.matches() && request.method().equals("POST")) {
      return rewrite(request, decode(rewrite.group(1)), decode(rewrite.group(2)),
          rewrite.group(3), decode(rewrite.group(4)), decode(rewrite.group(5)));
    }
    Matcher object = OBJECT_PATH.matcher(api);
    if (object.matches()) {
      String bucket = decode(object.group(1));
      String name = decode(object.group(2));
      return switch (request.method()) {
        case "GET" -> "media".equals(request.query().get("alt"))
            ? media(request, bucket, name)
            : metadata(request, bucket, name);
        case "DELETE" -> delete(request, bucket, name);
        default -> error(405, "method " + request.method());
      };
    }
    if (api.matches("/b/[^/]+/o") && request.method().equals("GET")) {
      return list(request, decode(api.substring(3, api.length() - 2)));
    }
    if (api.matches("/b/[^/]+") && request.method().equals("GET")) {
      String bucket = decode(api.substring(3));
      if (!buckets.containsKey(bucket)) {
        return error(404, "The specified bucket does not exist.");
      }
      ObjectNode json = JSON.createObjectNode();
      json.put("kind", "storage#bucket").put("id", bucket).put("name", bucket)
          .put("projectNumber", "1").put("location", "US").put("storageClass", "STANDARD")
          .put("metageneration", "1");
      return json(200, json);
    }
    return error(404, "fake server: no route for " + request.method() + " " + path);
  }

  // ---- objects ----

  private Response metadata(Request request, String bucket, String name) {
    Response failure = failFirst("get:" + bucket + "/" + name);
    if (failure != null) {
      return failure;
    }
    StoredObject object = find(bucket, name, request.query().get("generation"));
    return object == null ? notFound(bucket, name) : json(200, objectJson(bucket, name, object));
  }

  private Response media(Request request, String bucket, String name) {
    Response failure = failFirst("media:" + bucket + "/" + name);
    if (failure != null) {
      return failure;
    }
    StoredObject object = find(bucket, name, request.query().get("generation"));
    if (object == null) {
      return notFound(bucket, name);
    }
    if (mediaDelayMillis > 0) {
      try {
        Thread.sleep(mediaDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] data = object.data();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", object.contentType());
    headers.put("x-goog-generation", Long.toString(object.generation()));
    headers.put("x-goog-metageneration", "1");
    headers.put("x-goog-stored-content-length", Integer.toString(data.length));
    headers.put("x-goog-hash", "crc32c=" + crc32c(data) + ",md5=" + md5(data));
    String range = request.header("Range");
    if (range == null || data.length == 0) {
      return new Response(200, headers, data);
    }
    Matcher m = Pattern.compile("bytes=(\\d*)-(\\d*)").matcher(range.trim());
    if (!m.matches()) {
      return new Response(200, headers, data);
    }
    long start;
    long end;
    if (m.group(1).isEmpty()) { // suffix: the last N bytes
      start = Math.max(0, data.length - Long.parseLong(m.group(2)));
      end = data.length - 1;
    } else {
      start = Long.parseLong(m.group(1));
      end = m.group(2).isEmpty() ? data.length - 1
          : Math.min(data.length - 1, Long.parseLong(m.group(2)));
    }
    if (start >= data.length) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Range", "bytes */" + data.length);
      return new Response(416, h, errorBody(416, "Request range not satisfiable"));
    }
    headers.put("Content-Range", "bytes " + start + "-" + end + "/" + data.length);
    return new Response(206, headers, Arrays.copyOfRange(data, (int) start, (int) end + 1));
  }

  private Response list(Request request, String bucket) {
    if (!buckets.containsKey(bucket)) {
      return error(404, "The specified bucket does not exist.");
    }
    String prefix = request.query().getOrDefault("prefix", "");
    String token = request.query().get("pageToken");
    if (token == null) {
      Response failure = failFirst("list:" + bucket + "/" + prefix);
      if (failure != null) {
        return failure;
      }
    }
    String delimiter = request.query().get("delimiter");
    int max = Math.min(pageSize,
        Integer.parseInt(request.query().getOrDefault("maxResults", "1000")));
    ArrayNode items = JSON.createArrayNode();
    Set<String> prefixes = new TreeSet<>();
    String next = null;
    synchronized (bucket(bucket)) {
      NavigableMap<String, StoredObject> under =
          bucket(bucket).subMap(prefix, true, prefix + Character.MAX_VALUE, false);
      if (token != null) {
        under = under.tailMap(new String(Base64.getUrlDecoder().decode(token),
            StandardCharsets.UTF_8), false);
      }
      int count = 0;
      for (Map.Entry<String, StoredObject> e : under.entrySet()) {
        if (count == max) {
          next = Base64.getUrlEncoder().encodeToString(
              items.get(items.size() - 1).get("name").asText().getBytes(StandardCharsets.UTF_8));
          break;
        }
        String rest = e.getKey().substring(prefix.length());
        if (delimiter != null && rest.contains(delimiter)) {
          prefixes.add(prefix + rest.substring(0, rest.indexOf(delimiter) + delimiter.length()));
          continue;
        }
        items.add(objectJson(bucket, e.getKey(), e.getValue()));
        count++;
      }
    }
    ObjectNode json = JSON.createObjectNode().put("kind", "storage#objects");
    if (!items.isEmpty()) {
      json.set("items", items);
    }
    if (!prefixes.isEmpty()) {
      ArrayNode p = json.putArray("prefixes");
      prefixes.forEach(p::add);
    }
    if (next != null) {
      json.put("nextPageToken", next);
    }
    return json(200, json);
  }

  private Response delete(Request request, String bucket, String name) {
    synchronized (bucket(bucket)) {
      StoredObject object = bucket(bucket).get(name);
      if (object == null) {
        return notFound(bucket, name);
      }
      Response precondition = precondition(request.query().get("ifGenerationMatch"), object);
      if (precondition != null) {
        return precondition;
      }
      bucket(bucket).remove(name);
    }
    return new Response(204, Map.of(), new byte[0]);
  }

  private Response rewrite(Request request, String fromBucket, String from, String method,
      String toBucket, String to) {
    Response failure = failFirst("rewrite:" + fromBucket + "/" + from);
    if (failure != null) {
      return failure;
    }
    StoredObject source = find(fromBucket, from, request.query().get("sourceGeneration"));
    if (source == null) {
      return notFound(fromBucket, from);
    }
    StoredObject copy;
    synchronized (bucket(toBucket)) {
      Response precondition =
          precondition(request.query().get("ifGenerationMatch"), bucket(toBucket).get(to));
      if (precondition != null) {
        return precondition;
      }
      copy = newObject(source.data(), source.contentType());
      bucket(toBucket).put(to, copy);
    }
    ObjectNode resource = objectJson(toBucket, to, copy);
    if (method.equals("copyTo")) {
      return json(200, resource);
    }
    ObjectNode json = JSON.createObjectNode().put("kind", "storage#rewriteResponse")
        .put("totalBytesRewritten", Long.toString(copy.data().length))
        .put("objectSize", Long.toString(copy.data().length)).put("done", true);
    json.set("resource", resource);
    return json(200, json);
  }

  // ---- uploads ----

  private Response upload(Request request, String api) {
    String uploadId = request.query().get("upload_id");
    if (uploadId != null && request.method().equals("PUT")) {
      return uploadChunk(request, uploadId);
    }
    if (!api.matches("/b/[^/]+/o") || !request.method().equals("POST")) {
      return error(404, "fake server: no upload route for " + request.method() + " " + api);
    }
    String bucket = decode(api.substring(3, api.length() - 2));
    String type = request.query().getOrDefault("uploadType", "");
    String contentType = request.header("Content-Type");
    switch (type) {
      case "media" -> {
        return finish(bucket, request.query().get("name"), contentType,
            ifGeneration(request.query()), request.body());
      }
      case "multipart" -> {
        List<byte[]> parts = multipart(contentType, request.body());
        if (parts.size() != 2) {
          return error(400, "multipart upload needs metadata and media, got " + parts.size());
        }
        JsonNode metadata = readJson(headersAndBody(parts.get(0))[1]);
        byte[][] media = headersAndBody(parts.get(1));
        String name = request.query().getOrDefault("name", metadata.path("name").asText(null));
        return finish(bucket, name, header(media[0], "Content-Type"),
            ifGeneration(request.query()), media[1]);
      }
      case "resumable" -> {
        JsonNode metadata = request.body().length == 0
            ? JSON.createObjectNode() : readJson(request.body());
        String name = request.query().getOrDefault("name", metadata.path("name").asText(null));
        if (name == null) {
          return error(400, "Required: object name");
        }
        Response failure = failFirst("upload:" + bucket + "/" + name);
        if (failure != null) {
          return failure;
        }
        String id = UUID.randomUUID().toString();
        String mediaType = request.header("X-Upload-Content-Type");
        uploads.put(id, new Upload(bucket, name,
            mediaType != null ? mediaType : metadata.path("contentType").asText(
                "application/octet-stream"),
            ifGeneration(request.query()), new ByteArrayOutputStream()));
        String location = "http://127.0.0.1:" + server.getAddress().getPort()
            + "/upload/storage/v1/b/" + encode(bucket) + "/o?uploadType=resumable&upload_id="
            + id;
        return new Response(200, Map.of("Location", location), new byte[0]);
      }
      default -> {
        return error(400, "unknown uploadType '" + type + "'");
      }
    }
  }

  /** One PUT of a resumable upload: {@code Content-Range: bytes a-b/(total|*)} or {@code bytes *\/N}. */
  private Response uploadChunk(Request request, String id) {
    Upload upload = uploads.get(id);
    if (upload == null) {
      return error(404, "No such upload: " + id);
    }
    String range = request.header("Content-Range");
    long total = -1;
    synchronized (upload) {
      ByteArrayOutputStream data = upload.data();
      if (range != null) {
        Matcher m = Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)").matcher(range.trim());
        if (!m.matches()) {
          return error(400, "bad Content-Range " + range);
        }
        if (!m.group(4).equals("*")) {
          total = Long.parseLong(m.group(4));
        }
        if (m.group(2) != null) {
          long start = Long.parseLong(m.group(2));
          if (start > data.size()) {
            return error(400, "chunk starts at " + start + " but " + data.size() + " received");
          }
          byte[] body = request.body();
          int skip = (int) (data.size() - start); // a resent chunk overlaps what is stored
          if (skip < body.length) {
            data.write(body, skip, body.length - skip);
          }
        }
      } else {
        data.writeBytes(request.body());
        total = data.size();
      }
      if (total < 0 || data.size() < total) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (data.size() > 0) {
          headers.put("Range", "bytes=0-" + (data.size() - 1));
        }
        return new Response(308, headers, new byte[0]);
      }
      uploads.remove(id);
      return finish(upload.bucket(), upload.name(), upload.contentType(),
          upload.ifGenerationMatch(), data.toByteArray());
    }
  }

  private Response finish(String bucket, String name, String contentType, Long ifGenerationMatch,
      byte[] data) {
    if (name == null) {
      return error(400, "Required: object name");
    }
    if (!buckets.containsKey(bucket)) {
      return error(404, "The specified bucket does not exist.");
    }
    StoredObject object;
    synchronized (bucket(bucket)) {
      Response precondition = ifGenerationMatch == null ? null
          : precondition(ifGenerationMatch.toString(), bucket(bucket).get(name));
      if (precondition != null) {
        return precondition;
      }
      object = newObject(data, contentType == null ? "application/octet-stream" : contentType);
      bucket(bucket).put(name, object);
    }
    return json(200, objectJson(bucket, name, object));
  }

  // ---- batch ----

  /** A {@code multipart/mixed} batch: each part an HTTP request, answered in order. */
  private Response batch(Request request) {
    List<byte[]> parts = multipart(request.header("Content-Type"), request.body());
    String boundary = "batch_" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int index = 0;
    for (byte[] part : parts) {
      index++;
      byte[][] outer = headersAndBody(part);
      String contentId = header(outer[0], "Content-ID");
      byte[][] inner = headersAndBody(outer[1]);
      String text = new String(inner[0], StandardCharsets.ISO_8859_1);
      String[] requestLine = text.split("\r\n", 2)[0].split(" ");
      URI target = URI.create(requestLine[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line : text.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.startsWith(requestLine[0] + " ")) {
          headers.put(line.substring(0, colon).trim().toLowerCase(),
              line.substring(colon + 1).trim());
        }
      }
      Response response = handle(new Request(requestLine[0], target.getRawPath(),
          query(target.getRawQuery()), headers, inner[1]));
      StringBuilder head = new StringBuilder();
      head.append("--").append(boundary).append("\r\n")
          .append("Content-Type: application/http\r\n")
          .append("Content-ID: <response-")
          .append(contentId == null ? Integer.toString(index)
              : contentId.replace("<", "").replace(">", ""))
          .append(">\r\n\r\n")
          .append("HTTP/1.1 ").append(response.status()).append(' ')
          .append(reason(response.status())).append("\r\n");
      response.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(response.body().length).append("\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(response.body());
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return new Response(200, Map.of("Content-Type", "multipart/mixed; boundary=" + boundary),
        out.toByteArray());
  }

  /** The parts of a multipart body (their headers and bodies, boundary lines removed). */
  private static List<byte[]> multipart(String contentType, byte[] body) {
    Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
    if (!m.find()) {
      throw new IllegalArgumentException("no boundary in " + contentType);
    }
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String delimiter = "--" + m.group(1);
    List<byte[]> parts = new ArrayList<>();
    int at = text.indexOf(delimiter);
    while (at >= 0) {
      int start = at + delimiter.length();
      if (text.startsWith("--", start)) {
        break;
      }
      start = text.indexOf("\r\n", start) + 2;
      int next = text.indexOf("\r\n" + delimiter, start);
      if (next < 0) {
        break;
      }
      parts.add(text.substring(start, next).getBytes(StandardCharsets.ISO_8859_1));
      at = next + 2;
    }
    return parts;
  }

  /** Splits at the first blank line: {headers, body}. */
  private static byte[][] headersAndBody(byte[] part) {
    String text = new String(part, StandardCharsets.ISO_8859_1);
    int blank = text.indexOf("\r\n\r\n");
    if (blank < 0) {
      return new byte[][] {part, new byte[0]};
    }
    return new byte[][] {
      text.substring(0, blank).getBytes(StandardCharsets.ISO_8859_1),
      text.substring(blank + 4).getBytes(StandardCharsets.ISO_8859_1)
    };
  }

  private static String header(byte[] headers, String name) {
    for (String line : new String(headers, StandardCharsets.ISO_8859_1).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  // ---- helpers ----

  private NavigableMap<String, StoredObject> bucket(String bucket) {
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    if (objects == null) {
      throw new IllegalArgumentException("no bucket " + bucket);
    }
    return objects;
  }

  private StoredObject find(String bucket, String name, String generation) {
    if (!buckets.containsKey(bucket)) {
      return null;
    }
    StoredObject object = bucket(bucket).get(name);
    if (object == null || (generation != null
        && object.generation() != Long.parseLong(generation))) {
      return null;
    }
    return object;
  }

  private StoredObject newObject(byte[] data, String contentType) {
    return new StoredObject(data.clone(), generations.incrementAndGet(), contentType,
        System.currentTimeMillis());
  }

  private Response failFirst(String call) {
    if (failFirst.test(call) && failedOnce.add(call)) {
      transientErrors.incrementAndGet();
      return error(503, "Service Unavailable (fake server: first attempt of " + call + ")");
    }
    return null;
  }

  /** 412 unless {@code ifGenerationMatch} (0: must not exist) matches the current object. */
  private static Response precondition(String ifGenerationMatch, StoredObject current) {
    if (ifGenerationMatch == null) {
      return null;
    }
    long expected = Long.parseLong(ifGenerationMatch);
    long actual = current == null ? 0 : current.generation();
    return expected == actual ? null : error(412, "Precondition Failed");
  }

  private static Long ifGeneration(Map<String, String> query) {
    String value = query.get("ifGenerationMatch");
    return value == null ? null : Long.parseLong(value);
  }

  private static ObjectNode objectJson(String bucket, String name, StoredObject object) {
    ObjectNode json = JSON.createObjectNode();
    String updated = Instant.ofEpochMilli(object.updatedMillis()).toString();
    json.put("kind", "storage#object")
        .put("id", bucket + "/" + name + "/" + object.generation())
        .put("selfLink", "http://127.0.0.1/storage/v1/b/" + bucket + "/o/" + encode(name))
        .put("name", name)
        .put("bucket", bucket)
        .put("generation", Long.toString(object.generation()))
        .put("metageneration", "1")
        .put("contentType", object.contentType())
        .put("storageClass", "STANDARD")
        .put("size", Integer.toString(object.data().length))
        .put("md5Hash", md5(object.data()))
        .put("crc32c", crc32c(object.data()))
        .put("etag", Long.toString(object.generation()))
        .put("timeCreated", updated)
        .put("updated", updated);
    return json;
  }

  private static Response json(int status, JsonNode json) {
    try {
      return new Response(status, Map.of("Content-Type", "application/json; charset=UTF-8"),
          JSON.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Response notFound(String bucket, String name) {
    return error(404, "No such object: " + bucket + "/" + name);
  }

  private static Response error(int code, String message) {
    return new Response(code, Map.of("Content-Type", "application/json; charset=UTF-8"),
        errorBody(code, message));
  }

  private static byte[] errorBody(int code, String message) {
    String reason = switch (code) {
      case 404 -> "notFound";
      case 412 -> "conditionNotMet";
      case 416 -> "requestedRangeNotSatisfiable";
      case 503 -> "backendError";
      default -> "invalid";
    };
    ObjectNode error = JSON.createObjectNode();
    ObjectNode inner = error.putObject("error").put("code", code).put("message", message);
    inner.putArray("errors").addObject().put("domain", "global").put("reason", reason)
        .put("message", message);
    try {
      return JSON.writeValueAsBytes(error);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 206 -> "Partial Content";
      case 308 -> "Resume Incomplete";
      case 404 -> "Not Found";
      case 412 -> "Precondition Failed";
      case 416 -> "Requested Range Not Satisfiable";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  private static JsonNode readJson(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      query.put(decode(eq < 0 ? pair : pair.substring(0, eq)),
          eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return Base64.getEncoder().encodeToString(
        ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
