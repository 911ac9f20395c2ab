package io.datastreamscaling.shared.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Handles requests for one path (and everything below it) with one method. */
@FunctionalInterface
public interface Route {
    void handle(HttpExchange exchange) throws IOException;
}
