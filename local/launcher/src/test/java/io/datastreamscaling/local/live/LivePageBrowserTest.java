package io.datastreamscaling.local.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.launcher.LocalPlatform;
import io.datastreamscaling.local.launcher.RunningPlatform;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The live page in a real browser: the launcher runs in-process on ephemeral ports, headless Chromium
 * loads {@code /live}, and the figures the page shows are the services' own meters.
 */
@Isolated("the page must show lag not growing and Chromium draws it on a virtual-time budget: not beside another class's load")
class LivePageBrowserTest {
    private static final Duration SAMPLES_WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;
    private static RunningPlatform platform;
    private static final ByteArrayOutputStream LAUNCHER_OUTPUT = new ByteArrayOutputStream();

    @BeforeAll
    static void startLauncher() throws Exception {
        String[] args = {"--rate", "40", "--data-dir", work.resolve("data").toString(), "--wipe",
            "--kafka-port", Integer.toString(freePort()), "--ephemeral-ports", "--status-every", "60"};
        platform = LocalPlatform.startInBackground(args, Env.of(Map.of()),
                new PrintStream(LAUNCHER_OUTPUT, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopLauncher() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void thePageChartsTheRunAndItsFiguresAreTheServicesOwnMeters() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(work);
        String page = "http://127.0.0.1:" + platform.livePagePort() + "/live";
        awaitSamplesWithOrders(page + "/data.json");

        double producedBefore = meter("producer", "orders_produced_total", "result", "success");
        double consumedBefore = meter("consumer", "orders_consumed_total", "outcome", "processed");
        // The page shows the sampler's latest sample, which may have been scraped before the two scrapes above.
        awaitSampleScrapedAfter(page + "/data.json", System.currentTimeMillis());
        String dom = chromium.dumpDom(page, Duration.ofSeconds(4));
        double producedAfter = meter("producer", "orders_produced_total", "result", "success");
        double consumedAfter = meter("consumer", "orders_consumed_total", "outcome", "processed");

        int points = Integer.parseInt(attribute(dom, "body", "data-points"));
        assertTrue(points >= 3, "the charts were drawn from at least three samples, got " + points + "\n" + dom);
        assertEquals(3, count(dom, "class=\"uplot"), "three uPlot charts on the page");
        assertEquals("ok", attribute(dom, "body", "data-state"), "every service ready and lag not growing:\n" + dom);

        long produced = value(dom, "produced");
        long consumed = value(dom, "consumed");
        assertTrue(produced > 0 && producedBefore <= produced && produced <= producedAfter,
                "the page's orders produced (" + produced + ") is the producer's orders_produced_total{result=success}"
                        + " between the scrapes before (" + producedBefore + ") and after (" + producedAfter + ") the load");
        assertTrue(consumed > 0 && consumedBefore <= consumed && consumed <= consumedAfter,
                "the page's orders consumed (" + consumed + ") is the consumer's orders_consumed_total{outcome=processed}"
                        + " between " + consumedBefore + " and " + consumedAfter);
        assertEquals((long) meter("consumer", "dlq_records_total", null, null), value(dom, "dead-letters"),
                "dead letters are the consumer's dlq_records_total");
        assertEquals(1, value(dom, "consumer-instances"), "one consumer instance without --scale");
        assertTrue(dom.contains(":" + platform.httpPorts().get("consumer") + "/metrics"),
                "the page links to the consumer's /metrics");

        Path png = Path.of("target", "live-page.png");
        chromium.screenshot(page, Duration.ofSeconds(3), png);
    }

    private static void awaitSamplesWithOrders(String dataUrl) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SAMPLES_WAIT.toNanos();
        JsonNode data = null;
        while (System.nanoTime() < deadline) {
            data = OrderJson.mapper().readTree(get(dataUrl));
            if (data.path("sampled").asBoolean() && data.path("history").path("t").size() >= 4
                    && data.path("consumed").asLong() > 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("within " + SAMPLES_WAIT.toSeconds() + " s the sampler had no four samples with orders consumed;"
                + " last data: " + data + "\nlauncher output:\n" + LAUNCHER_OUTPUT.toString(StandardCharsets.UTF_8));
    }

    /**
     * Waits until the sampler holds a sample whose scrapes all began after {@code afterMillis}: the
     * second sample stamped after it (a sample is stamped when its scrapes are done, and the next one
     * starts {@link LiveSampler#EVERY} later), so whatever the page then shows is at least that fresh.
     */
    private static void awaitSampleScrapedAfter(String dataUrl, long afterMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SAMPLES_WAIT.toNanos();
        long stampedAfter = 0;
        while (System.nanoTime() < deadline) {
            JsonNode times = OrderJson.mapper().readTree(get(dataUrl)).path("history").path("t");
            stampedAfter = 0;
            for (JsonNode t : times) {
                if (t.asDouble() * 1000 > afterMillis) {
                    stampedAfter++;
                }
            }
            if (stampedAfter >= 2) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("within " + SAMPLES_WAIT.toSeconds() + " s the sampler stamped " + stampedAfter
                + " samples after the meters were read, not two");
    }

    private static double meter(String service, String name, String label, String value) throws IOException, InterruptedException {
        String text = get("http://127.0.0.1:" + platform.httpPorts().get(service) + "/metrics");
        return PrometheusText.parse(text).sum(name, labels -> label == null || value.equals(labels.get(label)));
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }

    private static long value(String dom, String id) {
        Matcher m = Pattern.compile("<span id=\"" + id + "\"[^>]*data-value=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), () -> "the page shows a figure #" + id + ":\n" + dom);
        return Long.parseLong(m.group(1));
    }

    private static String attribute(String dom, String tag, String name) {
        Matcher m = Pattern.compile("<" + tag + "[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
        assertTrue(m.find(), () -> "<" + tag + "> has " + name + ":\n" + dom);
        return m.group(1);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
