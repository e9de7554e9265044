package dev.rootwatch.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for S3's GetObject, path-style ({@code /bucket/key}), serving the bench's
 * corpus: any key whose last segment names a corpus file gets that file's bytes, with the headers
 * S3 sends (length, ETag, Last-Modified); anything else is S3's NoSuchKey. Files are read from
 * disk (the page cache) for every request, as S3 would stream them.
 */
final class S3Standin implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<String, Path> byName = new HashMap<>();

    S3Standin(List<Path> files) throws IOException {
        for (Path file : files) {
            byName.put(file.getFileName().toString(), file);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Where S3 answers. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A CloudTrail-shaped key for {@code fileName} in a round of its own (so no key repeats across rounds). */
    static String key(String round, String fileName) {
        return "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/01/" + round + "/" + fileName;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path file = byName.get(path.substring(path.lastIndexOf('/') + 1));
            if (!"GET".equals(exchange.getRequestMethod()) || file == null) {
                byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key"
                        + " does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.sendResponseHeaders(404, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            long size = Files.size(file);
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(file.getFileName().hashCode()) + "\"");
            exchange.getResponseHeaders().add("Last-Modified", "Sun, 01 Nov 2026 00:05:00 GMT");
            exchange.sendResponseHeaders(200, size);
            try (OutputStream body = exchange.getResponseBody()) {
                Files.copy(file, body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
