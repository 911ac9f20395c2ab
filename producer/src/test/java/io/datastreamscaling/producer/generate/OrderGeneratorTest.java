package io.datastreamscaling.producer.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.order.Order;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderGeneratorTest {

    @Test
    void sameSeedGivesTheSameUsersAmountsAndCurrenciesButNewOrderIds() {
        List<Order> first = generate(new OrderGenerator(10_000, 1.1, OptionalLong.of(42)), 1_000);
        List<Order> second = generate(new OrderGenerator(10_000, 1.1, OptionalLong.of(42)), 1_000);

        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).userId(), second.get(i).userId(), "userId of order " + i);
            assertEquals(first.get(i).amount(), second.get(i).amount(), "amount of order " + i);
            assertEquals(first.get(i).currency(), second.get(i).currency(), "currency of order " + i);
            assertNotEquals(first.get(i).orderId(), second.get(i).orderId(), "orderId of order " + i);
        }
    }

    @Test
    void differentSeedsGiveDifferentSequences() {
        List<Order> first = generate(new OrderGenerator(10_000, 1.1, OptionalLong.of(1)), 100);
        List<Order> second = generate(new OrderGenerator(10_000, 1.1, OptionalLong.of(2)), 100);

        assertNotEquals(first.stream().map(Order::amount).toList(), second.stream().map(Order::amount).toList());
    }

    @Test
    void amountsHaveTwoDecimalsAndStayBetween5And2000() {
        for (Order order : generate(new OrderGenerator(100, 1.1, OptionalLong.of(7)), 10_000)) {
            assertEquals(2, order.amount().scale(), order.amount().toPlainString());
            assertTrue(order.amount().compareTo(new BigDecimal("5.00")) >= 0, order.amount().toPlainString());
            assertTrue(order.amount().compareTo(new BigDecimal("2000.00")) <= 0, order.amount().toPlainString());
        }
    }

    @Test
    void aFewHotUsersPlaceManyOrdersAndMostUsersFew() {
        ZipfUsers users = new ZipfUsers(10_000, 1.1);
        SplittableRandom random = new SplittableRandom(3);
        int[] counts = new int[users.users()];

        for (int i = 0; i < 100_000; i++) {
            counts[users.pick(random)]++;
        }

        int top10 = 0;
        for (int k = 0; k < 10; k++) {
            top10 += counts[k];
        }
        assertTrue(top10 > 25_000, "the 10 hottest users placed " + top10 + " of 100000 orders");
        assertTrue(counts[0] > 50 * Math.max(1, counts[5_000]), "hottest " + counts[0] + " vs user 5000 " + counts[5_000]);
    }

    @Test
    void skewZeroPicksEveryUserAlike() {
        ZipfUsers users = new ZipfUsers(4, 0);

        assertEquals(0.25, users.probability(0), 1e-12);
        assertEquals(0.25, users.probability(3), 1e-12);
    }

    @Test
    void userIdsSortLikeTheirNumbers() {
        Set<String> ids = new HashSet<>(List.of(OrderGenerator.userId(0), OrderGenerator.userId(42), OrderGenerator.userId(999_999)));

        assertEquals(Set.of("user-000000", "user-000042", "user-999999"), ids);
    }

    private static List<Order> generate(OrderGenerator generator, int count) {
        List<Order> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            orders.add(generator.next());
        }
        return orders;
    }
}
