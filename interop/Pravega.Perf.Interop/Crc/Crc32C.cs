using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pravega.Perf.Interop.Crc;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of every WAL frame.
/// Uses the SSE4.2 <c>crc32</c> instruction on x64 and the ARMv8 CRC32C instructions on arm64;
/// elsewhere a slicing-by-8 table. Values are "finished" CRCs (pre- and post-inverted), so
/// <c>Append(Compute(a), b) == Compute(a ++ b)</c>.
/// </summary>
public static class Crc32C
{
    /// <summary>True when a hardware instruction computes the checksum.</summary>
    public static bool IsHardwareAccelerated => Sse42.X64.IsSupported || Sse42.IsSupported || Crc32.Arm64.IsSupported;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Extends a finished CRC <paramref name="crc"/> over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        state = Sse42.X64.IsSupported ? UpdateSse42X64(state, data)
            : Crc32.Arm64.IsSupported ? UpdateArm64(state, data)
            : Crc32C.Software.Update(state, data);
        return ~state;
    }

    /// <summary>The table-driven implementation, kept callable so tests and benchmarks can compare it.</summary>
    public static uint AppendSoftware(uint crc, ReadOnlySpan<byte> data) => ~Software.Update(~crc, data);

    private static uint UpdateSse42X64(uint state, ReadOnlySpan<byte> data)
    {
        ulong s = state;
        ref var p = ref MemoryMarshal.GetReference(data);
        nint i = 0, n = data.Length;
        for (; i + 8 <= n; i += 8)
        {
            s = Sse42.X64.Crc32(s, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i)));
        }
        var s32 = (uint)s;
        for (; i < n; i++)
        {
            s32 = Sse42.Crc32(s32, Unsafe.Add(ref p, i));
        }
        return s32;
    }

    private static uint UpdateArm64(uint state, ReadOnlySpan<byte> data)
    {
        var s = state;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            s = Crc32.Arm64.ComputeCrc32C(s, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        }
        for (; i < data.Length; i++)
        {
            s = Crc32.ComputeCrc32C(s, data[i]);
        }
        return s;
    }

    private static class Software
    {
        private const uint Polynomial = 0x82F63B78u;
        private static readonly uint[] Table = BuildTable();

        public static uint Update(uint state, ReadOnlySpan<byte> data)
        {
            var t = Table;
            var i = 0;
            for (; i + 8 <= data.Length; i += 8)
            {
                var lo = BinaryPrimitives.ReadUInt32LittleEndian(data[i..]) ^ state;
                var hi = BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
                state = t[(7 * 256) + (lo & 0xFF)] ^ t[(6 * 256) + ((lo >> 8) & 0xFF)]
                      ^ t[(5 * 256) + ((lo >> 16) & 0xFF)] ^ t[(4 * 256) + (lo >> 24)]
                      ^ t[(3 * 256) + (hi & 0xFF)] ^ t[(2 * 256) + ((hi >> 8) & 0xFF)]
                      ^ t[256 + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
            }
            for (; i < data.Length; i++)
            {
                state = t[(state ^ data[i]) & 0xFF] ^ (state >> 8);
            }
            return state;
        }

        // Slicing-by-8: table k maps a byte to its CRC contribution k bytes further on.
        private static uint[] BuildTable()
        {
            var table = new uint[8 * 256];
            for (uint b = 0; b < 256; b++)
            {
                var c = b;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
                }
                table[b] = c;
            }
            for (var k = 1; k < 8; k++)
            {
                for (var b = 0; b < 256; b++)
                {
                    var prev = table[((k - 1) * 256) + b];
                    table[(k * 256) + b] = (prev >> 8) ^ table[prev & 0xFF];
                }
            }
            return table;
        }
    }
}
