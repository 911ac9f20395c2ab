package io.datastreamscaling.local.live;

/**
 * One running service the page reads: its role ({@code producer}, {@code consumer}, {@code streams}),
 * a name shown on the page (a consumer instance of {@code --scale} has its own), and its HTTP port.
 */
public record ServiceEndpoint(String role, String name, int port) {
    public static final String PRODUCER = "producer";
    public static final String CONSUMER = "consumer";
    public static final String STREAMS = "streams";

    public String metricsUrl() {
        return "http://localhost:" + port + "/metrics";
    }
}
