import com.google.common.collect.ImmutableMap;
import io.pravega.shared.watermarks.SegmentWithRange;
import io.pravega.shared.watermarks.Watermark;
import java.nio.ByteBuffer;

public class WatermarkBytes {
    static String hex(ByteBuffer b) {
        StringBuilder sb = new StringBuilder();
        while (b.hasRemaining()) sb.append(String.format("%02x", b.get()));
        return sb.toString();
    }
    public static void main(String[] args) {
        Watermark one = Watermark.builder().lowerTimeBound(1000).upperTimeBound(2000)
            .streamCut(ImmutableMap.of(new SegmentWithRange(1, 0.0, 0.5), 42L)).build();
        System.out.println("one " + hex(one.toByteBuf()));
        Watermark two = Watermark.builder().lowerTimeBound(-5).upperTimeBound(Long.MAX_VALUE)
            .streamCut(ImmutableMap.of(new SegmentWithRange((1L << 32) | 3, 0.25, 1.0), -1L, new SegmentWithRange(2, 0.0, 0.25), 7L)).build();
        System.out.println("two " + hex(two.toByteBuf()));
        ImmutableMap.Builder<SegmentWithRange, Long> many = ImmutableMap.builder();
        for (int i = 0; i < 200; i++) many.put(new SegmentWithRange(i, i / 200.0, (i + 1) / 200.0), (long) i * 10);
        Watermark big = Watermark.builder().lowerTimeBound(1).upperTimeBound(2).streamCut(many.build()).build();
        String h = hex(big.toByteBuf());
        System.out.println("many-prefix " + h.substring(0, 60) + " length " + h.length() / 2);
        if (args.length > 0) {
            byte[] bytes = new byte[args[0].length() / 2];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) Integer.parseInt(args[0].substring(2 * i, 2 * i + 2), 16);
            System.out.println("decoded " + Watermark.fromByteBuf(ByteBuffer.wrap(bytes)));
        }
    }
}
