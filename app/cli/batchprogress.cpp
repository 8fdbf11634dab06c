// SPDX-License-Identifier: GPL-2.0-or-later
#include "batchprogress.h"

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace hvdump::cli {

BatchProgress::BatchProgress(std::size_t total)
    : m_total(total)
    , m_enabled(total > 1 && ::isatty(STDERR_FILENO) == 1)
    , m_outputOnTerminal(::isatty(STDOUT_FILENO) == 1)
    , m_start(std::chrono::steady_clock::now())
{
}

BatchProgress::~BatchProgress()
{
    clear();
}

void BatchProgress::update(std::size_t done, const std::string& current)
{
    if (!m_enabled)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (m_shown && now - m_lastDraw < std::chrono::milliseconds(100) && done < m_total)
        return;
    m_lastDraw = now;
    char head[96];
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    if (done > 0 && done < m_total) {
        const long eta = static_cast<long>(elapsed / double(done) * double(m_total - done) + 0.5);
        std::snprintf(head, sizeof head, "[%zu/%zu %3zu%%  ETA %ld:%02ld] ", done, m_total, done * 100 / m_total,
            eta / 60, eta % 60);
    } else {
        std::snprintf(head, sizeof head, "[%zu/%zu %3zu%%] ", done, m_total, done * 100 / m_total);
    }
    // keep to one terminal line: the tail of a long path says more than its head
    std::string name = current;
    if (name.size() > 50)
        name = "..." + name.substr(name.size() - 47);
    std::cerr << "\r\033[K" << head << name << std::flush;
    m_shown = true;
}

void BatchProgress::clear()
{
    if (m_shown)
        std::cerr << "\r\033[K" << std::flush;
    m_shown = false;
}

void BatchProgress::clearForOutput()
{
    if (m_outputOnTerminal)
        clear();
}

} // namespace hvdump::cli
