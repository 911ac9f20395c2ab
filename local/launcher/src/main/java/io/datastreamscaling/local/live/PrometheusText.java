package io.datastreamscaling.local.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The samples of one scrape of a service's {@code /metrics} (Prometheus text format 0.0.4): the page
 * shows what the services themselves export, so it reads that text rather than counting on its own.
 */
public final class PrometheusText {
    /** One sample line: {@code name{label="value",…} 42.0}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Sample sample = parseLine(trimmed);
            if (sample != null) {
                samples.add(sample);
            }
        }
        return new PrometheusText(samples);
    }

    private static Sample parseLine(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        int rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            rest = parseLabels(line, brace + 1, labels);
            if (rest < 0) {
                return null;
            }
        } else {
            if (space < 0) {
                return null;
            }
            name = line.substring(0, space);
            rest = space;
        }
        String[] valueAndTime = line.substring(rest).strip().split("\\s+");
        try {
            return new Sample(name, labels, Double.parseDouble(valueAndTime[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads {@code k="v",…}} from {@code start}; returns the index after the closing brace, or -1. */
    private static int parseLabels(String line, int start, Map<String, String> labels) {
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char v = line.charAt(j);
                if (v == '\\' && j + 1 < line.length()) {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(v);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            labels.put(key, value.toString());
            i = j + 1;
        }
        return -1;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The sum of every sample named {@code name} whose labels pass {@code labels}. */
    public double sum(String name, Predicate<Map<String, String>> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels()))
                .mapToDouble(Sample::value).sum();
    }

    public double sum(String name) {
        return sum(name, labels -> true);
    }

    /** Every sample named {@code name}. */
    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
