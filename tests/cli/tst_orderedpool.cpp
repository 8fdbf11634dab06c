// SPDX-License-Identifier: GPL-2.0-or-later
// runOrdered(), the pool behind `hvdump analyze -j N`: N inputs really are worked on at once,
// results reach the consumer once each and in input order whatever order they finish in, and
// the workers stay within their window of the consumer.
#include <hvdump/app/cli/orderedpool.h>

#include <QTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <string>
#include <thread>

using hvdump::cli::runOrdered;

class TestOrderedPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workRunsAtOnce_data()
    {
        QTest::addColumn<unsigned>("jobs");
        QTest::addRow("one job: one at a time") << 1u;
        QTest::addRow("two jobs: both cores") << 2u;
        QTest::addRow("four jobs") << 4u;
    }

    void workRunsAtOnce()
    {
        // each of the first `jobs` items waits until `jobs` items are inside work() together:
        // a pool that ran them one by one would only get there by the timeout
        QFETCH(unsigned, jobs);
        std::mutex mutex;
        std::condition_variable changed;
        unsigned inside = 0;
        unsigned most = 0;
        const std::function<int(std::size_t)> work = [&](std::size_t i) {
            std::unique_lock lock(mutex);
            most = std::max(most, ++inside);
            changed.notify_all();
            if (i < jobs)
                changed.wait_for(lock, std::chrono::seconds(jobs > 1 ? 20 : 0), [&] { return most >= jobs; });
            --inside;
            return int(i);
        };
        std::size_t consumed = 0;
        const std::function<void(std::size_t, int&)> consume = [&](std::size_t, int&) { ++consumed; };
        runOrdered<int>(20, jobs, work, consume);
        QCOMPARE(most, jobs);
        QCOMPARE(consumed, 20u);
    }

    void resultsKeepTheInputOrder_data()
    {
        QTest::addColumn<unsigned>("jobs");
        QTest::addColumn<int>("count");
        QTest::addRow("serial") << 1u << 50;
        QTest::addRow("two jobs") << 2u << 200;
        QTest::addRow("more jobs than items") << 8u << 3;
        QTest::addRow("nothing to do") << 2u << 0;
    }

    void resultsKeepTheInputOrder()
    {
        QFETCH(unsigned, jobs);
        QFETCH(int, count);
        const std::size_t window = 4 * std::size_t(jobs);
        std::atomic<std::size_t> consumedSoFar = 0;
        std::atomic<std::size_t> furthestAhead = 0;
        const std::function<std::string(std::size_t)> work = [&](std::size_t i) {
            // how far ahead of the consumer this item starts
            const std::size_t ahead = i - std::min(i, consumedSoFar.load());
            std::size_t seen = furthestAhead.load();
            while (ahead > seen && !furthestAhead.compare_exchange_weak(seen, ahead)) { }
            // later items often finish first
            thread_local std::minstd_rand random(unsigned(i) + 1);
            std::this_thread::sleep_for(std::chrono::microseconds(random() % 2000));
            return std::to_string(i);
        };
        std::vector<std::size_t> order;
        const std::function<void(std::size_t, std::string&)> consume = [&](std::size_t i, std::string& r) {
            QCOMPARE(r, std::to_string(i));
            order.push_back(i);
            consumedSoFar = i + 1;
        };
        runOrdered<std::string>(std::size_t(count), jobs, work, consume);
        QCOMPARE(order.size(), std::size_t(count));
        for (std::size_t i = 0; i < order.size(); ++i)
            QCOMPARE(order[i], i);
        QVERIFY2(furthestAhead <= window, qPrintable(QString::number(furthestAhead.load())));
    }
};

QTEST_GUILESS_MAIN(TestOrderedPool)
#include "tst_orderedpool.moc"
