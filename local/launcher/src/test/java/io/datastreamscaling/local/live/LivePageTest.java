package io.datastreamscaling.local.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the page's port serves: the page, its script, uPlot from the WebJar, the JSON; nothing else. */
class LivePageTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesThePageItsScriptsFromTheClasspathAndTheSampledJson() throws Exception {
        try (LivePage page = LivePage.start(0, new LiveSampler(List::of, OptionalLong::empty, new LiveEvents()))) {
            String base = "http://127.0.0.1:" + page.port();

            HttpResponse<String> html = get(base + "/live");
            assertEquals(200, html.statusCode(), html.body());
            assertTrue(html.body().contains("/live/uPlot.iife.min.js"), html.body());
            HttpResponse<String> uplot = get(base + "/live/uPlot.iife.min.js");
            assertEquals(200, uplot.statusCode(), uplot.body());
            assertTrue(uplot.body().contains("uPlot"), "the WebJar's script");
            assertEquals(200, get(base + "/live/live.js").statusCode());
            HttpResponse<String> data = get(base + "/live/data.json");
            assertEquals(200, data.statusCode(), data.body());
            assertEquals(404, get(base + "/live/../pom.xml").statusCode(), "only the page's own files");
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
