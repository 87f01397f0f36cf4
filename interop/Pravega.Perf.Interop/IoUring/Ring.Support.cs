using static Pravega.Perf.Interop.IoUring.IoUringConstants;

namespace Pravega.Perf.Interop.IoUring;

// The capability probe: can this process use io_uring at all, with the opcodes we rely on?
public sealed partial class Ring
{
    private static readonly RingOpcode[] RequiredOpcodes =
        [RingOpcode.Nop, RingOpcode.Read, RingOpcode.Write, RingOpcode.ReadFixed, RingOpcode.WriteFixed, RingOpcode.Fsync,
            RingOpcode.AsyncCancel];

    private static readonly Lazy<string?> s_unsupportedReason = new(Detect);

    /// <summary>
    /// True when io_uring works here: Linux on a 64-bit process, io_uring_setup(2) allowed (not ENOSYS: kernel too old or
    /// built without it; not EPERM: <c>kernel.io_uring_disabled</c> or a container's seccomp profile), and the kernel
    /// probe reports every opcode this library uses. Checked once per process.
    /// </summary>
    public static bool IsSupported => s_unsupportedReason.Value is null;

    /// <summary>Why <see cref="IsSupported"/> is false (null when it is true), for the host's log line.</summary>
    public static string? UnsupportedReason => s_unsupportedReason.Value;

    private static string? Detect()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux";
        }
        if (!Environment.Is64BitProcess)
        {
            return "not a 64-bit process";
        }
        int error;
        RingCore? core;
        try
        {
            // A plain ring (no SINGLE_ISSUER) may be created and probed from any thread.
            error = RingCore.TryCreate(2, RingSetupFlags.None, out core);
        }
        catch (EntryPointNotFoundException)
        {
            return "libc has no syscall()";
        }
        catch (DllNotFoundException)
        {
            return "no libc";
        }
        if (core is null)
        {
            return error switch
            {
                38 => "io_uring_setup: ENOSYS (kernel without io_uring)",
                1 => "io_uring_setup: EPERM (blocked by kernel.io_uring_disabled or seccomp)",
                _ => $"io_uring_setup failed with errno {error}",
            };
        }
        using (core)
        {
            var supported = core.Probe();
            foreach (var opcode in RequiredOpcodes)
            {
                if ((int)opcode >= supported.Length || !supported[(int)opcode])
                {
                    return $"the kernel does not support io_uring opcode {opcode}";
                }
            }
            if ((core.Features & FeatNoDrop) == 0)
            {
                return "the kernel lacks IORING_FEAT_NODROP (older than 5.5)";
            }
        }
        return null;
    }
}
