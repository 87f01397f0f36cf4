namespace Pravega.Perf.Interop.IoUring;

/// <summary>The <c>IORING_SETUP_*</c> flags a <see cref="Ring"/> may be created with (reported, for logs and tests).</summary>
[Flags]
public enum RingSetupFlags : uint
{
    None = 0,
    CoopTaskRun = 1 << 8,
    SingleIssuer = 1 << 12,
    DeferTaskRun = 1 << 13,
}
