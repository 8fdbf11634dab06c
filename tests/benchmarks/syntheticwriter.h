// SPDX-License-Identifier: GPL-2.0-or-later
// The text writer under the synthetic dump generators: a seeded PRNG (splitmix64), the output
// buffer with line counting, fast hex/decimal appends, and pools of real function, module and
// command names (Linux kernel, QEMU/glibc/Rust user space, illumos) to draw from.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace hvdump::synthetic {

class SyntheticWriter
{
public:
    explicit SyntheticWriter(std::uint64_t seed)
        : m_state(seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull)
    {
    }

    std::uint64_t next()
    {
        // splitmix64: tiny, fast and good enough to vary names and addresses
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n)
    {
        return static_cast<std::size_t>(next() % n);
    }

protected:
    static constexpr std::array<std::string_view, 24> kernelFns = { "__schedule", "schedule", "schedule_timeout",
        "io_schedule", "schedule_preempt_disabled", "__mutex_lock.constprop.0", "__mutex_lock_slowpath", "mutex_lock",
        "rwsem_down_write_slowpath", "down_write", "queued_spin_lock_slowpath", "_raw_spin_lock_irqsave",
        "wait_for_completion", "vhost_dev_flush", "vhost_net_ioctl", "handle_rx", "vhost_worker", "kvm_vcpu_ioctl",
        "__x64_sys_ioctl", "do_syscall_64", "entry_SYSCALL_64_after_hwframe", "kthread", "ret_from_fork",
        "virtqueue_get_buf" };
    static constexpr std::array<std::string_view, 8> kernelModules = { "vhost", "vhost_net", "kvm", "kvm_intel",
        "virtio_console", "xfs", "nvme", "tun" };
    static constexpr std::array<std::string_view, 20> userFns = { "__GI___poll", "ppoll", "qemu_poll_ns", "aio_poll",
        "qemu_mutex_lock_impl", "qemu_cond_wait_impl", "__futex_abstimed_wait_common64", "__pthread_mutex_lock_full",
        "pthread_cond_wait@@GLIBC_2.3.2", "kvm_vcpu_thread_fn", "qemu_thread_start", "start_thread", "clone3",
        "main_loop_wait", "bdrv_drain_all_begin", "qcow2_close", "std::sys::unix::futex::futex_wait",
        "std::sync::mpsc::Receiver<T>::recv", "vmm::vm::Vm::pause",
        "<hypervisor::kvm::KvmVcpu as hypervisor::cpu::Vcpu>::run" };
    static constexpr std::array<std::string_view, 8> userFiles = { "../util/aio-posix.c", "../util/qemu-thread-posix.c",
        "../accel/kvm/kvm-accel-ops.c", "./nptl/pthread_create.c", "../sysdeps/unix/sysv/linux/poll.c",
        "../block/qcow2.c", "vmm/src/vm.rs", "src/cpu.rs" };
    static constexpr std::array<std::string_view, 18> illumosFns = { "swtch", "cv_wait", "cv_wait_sig",
        "cv_timedwait_hires", "turnstile_block", "rw_enter_sleep", "mutex_vector_enter", "vmm_write_lock",
        "vcpu_lock_one", "vm_run", "vmmdev_do_ioctl", "vmm_ioctl", "cdev_ioctl", "spec_ioctl", "fop_ioctl", "ioctl",
        "viona_worker_rx", "vmm_drv_lease_sign" };
    static constexpr std::array<std::string_view, 6> illumosModules = { "unix", "genunix", "vmm", "viona", "specfs",
        "zfs" };
    static constexpr std::array<std::string_view, 10> comms = { "qemu-kvm", "vhost-4321", "kworker/3:1", "libvirtd",
        "CPU 0/KVM", "khvcd", "jbd2/dm-0-8", "bhyve", "cloud-hypervisor", "virtio-mem" };

    // one name in eight comes from a large pool so the string table sees real variety
    std::string_view pick(std::string_view name, std::string& scratch)
    {
        if (below(8) != 0)
            return name;
        scratch.assign(name);
        scratch += "_";
        appendDec(scratch, below(50000));
        return scratch;
    }
    template <std::size_t N>
    std::string_view any(const std::array<std::string_view, N>& names)
    {
        return names[below(N)];
    }

    static void appendDec(std::string& s, std::uint64_t v)
    {
        char buf[24];
        int n = 0;
        do {
            buf[n++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v);
        while (n)
            s += buf[--n];
    }
    static void appendHex(std::string& s, std::uint64_t v, int width = 0)
    {
        char buf[16];
        int n = 0;
        do {
            buf[n++] = "0123456789abcdef"[v & 15];
            v >>= 4;
        } while (v);
        for (int i = n; i < width; ++i)
            s += '0';
        while (n)
            s += buf[--n];
    }
    void dec(std::uint64_t v)
    {
        appendDec(m_out, v);
    }
    void hex(std::uint64_t v, int width = 0)
    {
        appendHex(m_out, v, width);
    }
    void put(std::string_view s)
    {
        m_out += s;
    }
    void line(std::string_view s = {})
    {
        m_out += s;
        endLine();
    }
    void endLine()
    {
        m_out += '\n';
        ++m_lines;
    }
    std::uint64_t kernelAddr()
    {
        return 0xffffffff81000000ull + below(0x1000000);
    }
    std::uint64_t stackAddr()
    {
        return 0xffffa0c0c0000000ull + (next() & 0xffffff0ull);
    }
    std::uint64_t userAddr()
    {
        return (below(2) ? 0x00007f2c5a800000ull : 0x000055d0c4a00000ull) + below(0x400000);
    }
    void symbolOffset(std::string_view fn)
    {
        std::string scratch;
        put(pick(fn, scratch));
        put("+0x");
        hex(below(0x400));
        put("/0x");
        hex(0x400 + below(0x800));
    }
    void kernelFrameText()
    {
        symbolOffset(any(kernelFns));
        if (below(6) == 0) {
            put(" [");
            put(any(kernelModules));
            put("]");
        }
    }
    std::size_t depth()
    {
        return 4 + below(24);
    }

    /// dmesg "[12345.678901] ", advancing a clock by up to 2 ms per call
    void timestamp()
    {
        m_seconds += 1 + below(2000);
        put("[");
        std::string secs;
        appendDec(secs, m_seconds / 1000000);
        for (std::size_t i = secs.size(); i < 5; ++i)
            put(" ");
        put(secs);
        put(".");
        std::string frac;
        appendDec(frac, m_seconds % 1000000);
        for (std::size_t i = frac.size(); i < 6; ++i)
            put("0");
        put(frac);
        put("] ");
    }

    /// A console line: the timestamp when m_timestamps, then s.
    void consoleLine(std::string_view s)
    {
        if (m_timestamps)
            timestamp();
        put(s);
    }

    std::uint64_t m_state;
    bool m_timestamps = true;
    std::uint64_t m_seconds = 1000000;
    std::string m_out;
    std::size_t m_lines = 0;
};

/// About `bytes` bytes of mail prose with no stack in it: what the dispatcher offers to every
/// sniffer and every sniffer must turn down.
inline std::string makeProse(std::size_t bytes, std::uint64_t seed = 1)
{
    static constexpr std::array<std::string_view, 16> words = { "the", "host", "stopped", "draining", "queue", "and",
        "we", "saw", "this", "again", "after", "reboot", "which", "looks", "like", "a" };
    SyntheticWriter random(seed);
    std::string out;
    out.reserve(bytes + 128);
    std::size_t column = 0;
    while (out.size() < bytes) {
        const std::string_view word = words[random.below(words.size())];
        if (column + word.size() > 72) {
            out += random.below(6) == 0 ? "\n\n" : "\n";
            column = 0;
        } else if (column > 0) {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.size();
    }
    out += '\n';
    return out;
}

} // namespace hvdump::synthetic
