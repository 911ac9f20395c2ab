package io.datastreamscaling.shared.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health check without curl or wget: the service images hold only a JRE, so Compose runs
 * {@code java -cp @/app/jib-classpath-file io.datastreamscaling.shared.http.HealthProbe
 * http://localhost:8081/health/ready}. Exit code 0 when the URL answers 2xx within four seconds (Compose gives the check five), 1
 * otherwise (what Docker's HEALTHCHECK reads).
 */
public final class HealthProbe {
    private static final int TIMEOUT_MILLIS = 4_000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HealthProbe <url>");
            System.exit(2);
        }
        System.exit(check(args[0]) ? 0 : 1);
    }

    /** True when {@code url} answers GET with a 2xx status in time. */
    public static boolean check(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            connection.disconnect();
            return status >= 200 && status < 300;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("health probe " + url + ": " + e);
            return false;
        }
    }
}
