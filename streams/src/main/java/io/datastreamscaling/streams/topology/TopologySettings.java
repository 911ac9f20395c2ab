package io.datastreamscaling.streams.topology;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * What the topology needs to know, as plain values: the service's settings are read elsewhere
 * ({@code StreamsSettings}) and handed in, so this package depends on no other package of the service.
 *
 * @param inputTopic        the orders topic
 * @param tiers             amount thresholds of the LOW/MEDIUM/HIGH tiers
 * @param highValueFrom     orders at or above this amount also go to {@code orders.high-value}
 * @param windowGrace       how long after a window ends a late order still counts in it
 * @param revenueRetention  how long windows stay queryable in the revenue store
 * @param eventTimes        which {@code createdAt} values are usable as event time
 */
public record TopologySettings(String inputTopic, AmountTiers tiers, BigDecimal highValueFrom, Duration windowGrace,
                               Duration revenueRetention, EventTimeRule eventTimes) {
}
