namespace Pravega.Perf.Interop;

/// <summary>Raw entry points into the C library, one file per call (Interop.&lt;Name&gt;.cs).</summary>
internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const string Name = "libc";
    }
}
