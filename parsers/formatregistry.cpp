// SPDX-License-Identifier: GPL-2.0-or-later
#include "formatregistry.h"

#include "bpftraceparser.h"
#include "consoleparser.h"
#include "crashparser.h"
#include "eustackparser.h"
#include "gdbparser.h"
#include "informalparser.h"
#include "mdbparser.h"
#include "procstackparser.h"
#include "pstackparser.h"

#include <array>

namespace hvdump::parsers {

std::span<const FormatParser> formatParsers()
{
    // order matters: the loosest format (frame lists in prose) is asked last
    static constexpr std::array<FormatParser, 9> parsers = { {
        { Format::Gdb, sniffGdb, parseGdb },
        { Format::Mdb, sniffMdb, parseMdb },
        { Format::Crash, sniffCrash, parseCrash },
        { Format::EuStack, sniffEuStack, parseEuStack },
        { Format::ProcStack, sniffProcStack, parseProcStack },
        { Format::Pstack, sniffPstack, parsePstack },
        { Format::Console, sniffConsole, parseConsole },
        { Format::Bpftrace, sniffBpftrace, parseBpftrace },
        { Format::Informal, sniffInformal, parseInformal },
    } };
    return parsers;
}

} // namespace hvdump::parsers
