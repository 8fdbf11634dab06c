// SPDX-License-Identifier: GPL-2.0-or-later
// Runs work(i) for i in [0, count) on a few threads and hands each result to consume(i, result)
// on the calling thread, in index order, so output stays in input order and a single thread
// (the caller) does what must be serialized, such as writing the case database. Workers stay at
// most a small window ahead of the consumer, so memory is bounded on long batches. work() must
// not throw.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace hvdump::cli {

template <typename R>
void runOrdered(std::size_t count, unsigned jobs, const std::function<R(std::size_t)>& work,
    const std::function<void(std::size_t, R&)>& consume)
{
    if (jobs <= 1 || count <= 1) {
        for (std::size_t i = 0; i < count; ++i) {
            R r = work(i);
            consume(i, r);
        }
        return;
    }
    const std::size_t window = 4 * std::size_t(jobs);
    std::vector<std::optional<R>> slots(window);
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t next = 0; // the next index a worker takes
    std::size_t consumed = 0; // results handed to consume() so far
    auto worker = [&] {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return next >= count || next < consumed + window; });
                if (next >= count)
                    return;
                i = next++;
            }
            R r = work(i);
            {
                std::lock_guard lock(mutex);
                slots[i % window].emplace(std::move(r));
            }
            changed.notify_all();
        }
    };
    std::vector<std::jthread> threads;
    for (unsigned t = 0; t < jobs && t < count; ++t)
        threads.emplace_back(worker);
    for (std::size_t i = 0; i < count; ++i) {
        std::optional<R> r;
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return slots[i % window].has_value(); });
            r = std::move(slots[i % window]);
            slots[i % window].reset();
        }
        consume(i, *r);
        {
            std::lock_guard lock(mutex);
            consumed = i + 1;
        }
        changed.notify_all();
    }
}

} // namespace hvdump::cli
