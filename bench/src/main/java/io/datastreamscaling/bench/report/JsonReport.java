package io.datastreamscaling.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine side of a report: a pretty file per run, and the same object on one line for stdout. */
public final class JsonReport {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private JsonReport() {
    }

    public static void write(BenchReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    }

    public static String oneLine(BenchReport report) throws IOException {
        return MAPPER.writeValueAsString(report);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
