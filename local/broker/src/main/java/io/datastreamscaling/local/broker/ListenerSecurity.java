package io.datastreamscaling.local.broker;

import java.util.List;
import java.util.Map;

/**
 * How the embedded broker secures its listeners. {@link #PLAINTEXT} (the default) changes nothing;
 * {@link io.datastreamscaling.local.broker.security.SaslSslSecurity} puts SASL/SCRAM over TLS and
 * ACLs in front of clients.
 */
public interface ListenerSecurity {
    /** No authentication, no TLS, no authorizer: the laptop and test default. */
    ListenerSecurity PLAINTEXT = new ListenerSecurity() {
        @Override
        public Map<String, String> brokerProperties(int clientPort, int controllerPort) {
            return Map.of();
        }

        @Override
        public List<String> scramArguments() {
            return List.of();
        }

        @Override
        public Map<String, Object> superUserClientProperties() {
            return Map.of();
        }
    };

    /**
     * Broker properties that replace the plaintext listener settings. They take the ports because a
     * port of 0 is resolved to a free port only when the broker starts.
     */
    Map<String, String> brokerProperties(int clientPort, int controllerPort);

    /** Credentials written into the metadata at format time, as {@code kafka-storage.sh format --add-scram} does. */
    List<String> scramArguments();

    /** Client properties (without bootstrap servers) of a principal allowed everything: the broker's own checks. */
    Map<String, Object> superUserClientProperties();
}
