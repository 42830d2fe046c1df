package io.vpngw.gateway.ike.message;

import static io.vpngw.gateway.ike.message.Samples.malformedReason;
import static io.vpngw.gateway.ike.message.Samples.octets;
import static io.vpngw.gateway.ike.message.Samples.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input from the network is hostile. Whatever the octets, parsing returns Parsed or Malformed,
 * never throws, finishes quickly and allocates in proportion to the input; and whatever it does
 * accept re-encodes to the same length and parses back to the same message.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HostileInputTest {

    private static final long SEED = 0x1CE_2_7296L;

    /** Valid datagrams to cut and mutate: captured, hand-built and one with every payload kind. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : Samples.capturedNames()) {
            seeds.add(Samples.captured(name));
        }
        for (IkeMessage message : Samples.typicalMessages()) {
            seeds.add(message.encode());
        }
        seeds.add(everyKindMessage().encode());
        return seeds;
    }

    static IkeMessage everyKindMessage() {
        List<Payload> payloads = new ArrayList<>(Samples.everyPayloadKind().stream()
                .filter(p -> !p.type().isEncrypted())
                .toList());
        payloads.add(new EncryptedPayload(PayloadType.IDI, octets(40, 9)));
        return new IkeMessage(
                IkeHeader.of(Samples.SPI_I, Samples.SPI_R, ExchangeType.IKE_AUTH, true, false, 1),
                new PayloadChain(payloads));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyTruncationIsMalformedEvenWhenTheHeaderLengthIsAdjusted(byte[] datagram) {
        for (int cut = 0; cut < datagram.length; cut++) {
            assertThat(IkeMessage.parse(datagram, 0, cut)).as("cut at %d", cut).isInstanceOf(ParseResult.Malformed.class);
            if (cut >= IkeHeader.SIZE) {
                byte[] truncated = Arrays.copyOf(datagram, cut);
                setU32(truncated, 24, cut); // so that the payloads, not the header, are what is short
                assertThat(IkeMessage.parse(truncated)).as("cut at %d, length adjusted", cut)
                        .isInstanceOf(ParseResult.Malformed.class);
            }
        }
    }

    @Test
    void everyTruncationOfDecryptedContentIsMalformed() {
        byte[] plaintext = Samples.ikeAuthRequestInner().encode();
        for (int cut = 0; cut < plaintext.length; cut++) {
            assertThat(PayloadChain.parse(plaintext, 0, cut, PayloadType.IDI)).as("cut at %d", cut)
                    .isInstanceOf(ParseResult.Malformed.class);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void lengthFieldsSetTo0_1_3OrMaxAreMalformed(byte[] datagram) {
        List<Integer> lengthFields = lengthFieldOffsets(datagram);
        assertThat(lengthFields).isNotEmpty();
        for (int offset : lengthFields) {
            for (int value : new int[] {0, 1, 3, 0xFFFF}) {
                byte[] bad = datagram.clone();
                bad[offset] = (byte) (value >>> 8);
                bad[offset + 1] = (byte) value;
                assertThat(IkeMessage.parse(bad)).as("length at %d set to %d", offset, value)
                        .isInstanceOf(ParseResult.Malformed.class);
            }
        }
        for (long value : new long[] {0, 1, 3, IkeHeader.SIZE, 0xFFFF_FFFFL}) {
            byte[] bad = datagram.clone();
            setU32(bad, 24, value);
            assertThat(IkeMessage.parse(bad)).as("message length set to %d", value)
                    .isInstanceOf(ParseResult.Malformed.class);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anyTwoOctetsSetToExtremesNeverBreakTheParser(byte[] datagram) {
        for (int offset = 0; offset + 1 < datagram.length; offset++) {
            for (int value : new int[] {0, 1, 3, 4, 0x7FFF, 0x8000, 0xFFFF}) {
                byte[] mutated = datagram.clone();
                mutated[offset] = (byte) (value >>> 8);
                mutated[offset + 1] = (byte) value;
                assertWellBehaved(mutated);
            }
        }
    }

    @Test
    void randomDatagramsNeverBreakTheParser() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 60_000; i++) {
            byte[] datagram = new byte[random.nextInt(0, 600)];
            random.nextBytes(datagram);
            if (datagram.length >= IkeHeader.SIZE && random.nextInt(4) != 0) {
                // Mostly past the header checks, so the payload parsers see the noise.
                datagram[16] = (byte) random.nextInt(32, 54);
                datagram[17] = 0x20;
                setU32(datagram, 24, datagram.length);
            }
            assertWellBehaved(datagram);
            byte[] plaintext = new byte[random.nextInt(0, 200)];
            random.nextBytes(plaintext);
            PayloadChain.parse(plaintext, 0, plaintext.length, new PayloadType(random.nextInt(0, 256)))
                    .toOptional()
                    .ifPresent(chain -> assertThat(chain.encode()).hasSize(plaintext.length));
        }
    }

    @Test
    void randomPayloadChainsWithConsistentHeadersNeverBreakTheParser() {
        // Generic headers are right, bodies are noise: every payload parser sees random content.
        SplittableRandom random = new SplittableRandom(SEED + 2);
        int[] types = {33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 53, 1, 49, 200};
        int parsedCount = 0;
        for (int i = 0; i < 60_000; i++) {
            int count = random.nextInt(0, 6);
            int[] chosen = new int[count];
            byte[][] bodies = new byte[count][];
            int total = IkeHeader.SIZE;
            for (int p = 0; p < count; p++) {
                chosen[p] = types[random.nextInt(types.length)];
                bodies[p] = new byte[random.nextInt(0, 72)];
                random.nextBytes(bodies[p]);
                total += 4 + bodies[p].length;
            }
            byte[] datagram = new byte[total];
            datagram[16] = (byte) (count == 0 ? 0 : chosen[0]);
            datagram[17] = 0x20;
            datagram[18] = 34;
            setU32(datagram, 24, total);
            int at = IkeHeader.SIZE;
            for (int p = 0; p < count; p++) {
                datagram[at] = (byte) (p + 1 < count ? chosen[p + 1] : 0);
                datagram[at + 1] = (byte) (random.nextInt(4) == 0 ? 0x80 : 0);
                datagram[at + 2] = (byte) ((4 + bodies[p].length) >>> 8);
                datagram[at + 3] = (byte) (4 + bodies[p].length);
                System.arraycopy(bodies[p], 0, datagram, at + 4, bodies[p].length);
                at += 4 + bodies[p].length;
            }
            if (assertWellBehaved(datagram)) {
                parsedCount++;
            }
        }
        assertThat(parsedCount).as("random chains that were valid, exercising re-encoding").isGreaterThan(5_000);
    }

    @Test
    void mutatedDatagramsNeverBreakTheParser() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        List<byte[]> seeds = seeds();
        int parsedCount = 0;
        for (int i = 0; i < 120_000; i++) {
            byte[] datagram = mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
            if (random.nextInt(5) != 0 && datagram.length >= IkeHeader.SIZE) {
                setU32(datagram, 24, datagram.length);
            }
            if (assertWellBehaved(datagram)) {
                parsedCount++;
            }
        }
        assertThat(parsedCount).as("mutants that stayed valid, exercising re-encoding").isGreaterThan(1_000);
    }

    @Test
    void mutatedDecryptedContentNeverBreaksTheParser() {
        SplittableRandom random = new SplittableRandom(SEED + 3);
        PayloadChain everyKind = new PayloadChain(Samples.everyPayloadKind().stream()
                .filter(p -> !p.type().isEncrypted())
                .toList());
        List<PayloadChain> inner = List.of(Samples.ikeAuthRequestInner(), everyKind);
        List<byte[]> plaintexts = inner.stream().map(PayloadChain::encode).toList();
        int parsedCount = 0;
        for (int i = 0; i < 25_000; i++) {
            int which = random.nextInt(inner.size());
            byte[] plaintext = mutate(plaintexts.get(which), plaintexts, random);
            ParseResult<PayloadChain> result =
                    PayloadChain.parse(plaintext, 0, plaintext.length, inner.get(which).firstType());
            if (result instanceof ParseResult.Parsed<PayloadChain>(PayloadChain chain)) {
                byte[] again = chain.encode();
                assertThat(again).hasSize(plaintext.length);
                assertThat(PayloadChain.parse(again, 0, again.length, chain.firstType())).isEqualTo(result);
                parsedCount++;
            }
        }
        assertThat(parsedCount).as("mutants that stayed valid").isGreaterThan(500);
    }

    @Test
    void encryptedPayloadsNestedInDecryptedContentAreRefusedAtTheFirstLevel() {
        // SK inside SK inside SK ... a thousand deep: refused without descending.
        byte[] nested = new byte[0];
        for (int depth = 0; depth < 1_000; depth++) {
            nested = new EncryptedPayload(PayloadType.SK, Octets.copyOf(nested.length > 60_000 ? new byte[0] : nested))
                    .encode();
        }
        assertThat(malformedReason(PayloadChain.parse(nested, 0, nested.length, PayloadType.SK)))
                .contains("inside an encrypted payload");

        byte[] fragment = new EncryptedFragmentPayload(1, 1, PayloadType.NONE, octets(8, 0)).encode();
        assertThat(malformedReason(PayloadChain.parse(fragment, 0, fragment.length, PayloadType.SKF)))
                .contains("inside an encrypted payload");
    }

    @Test
    void theLargestDatagramOfTinyPayloadsParsesQuickly() {
        // 16,376 empty unknown payloads fill a 65,532-octet datagram: many objects, all justified.
        int count = (0xFFFF - IkeHeader.SIZE) / 4;
        List<Payload> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payloads.add(new UnknownPayload(new PayloadType(49), false, Octets.EMPTY));
        }
        byte[] datagram = new IkeMessage(IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, true, false, 1),
                new PayloadChain(payloads)).encode();

        assertThat(parsed(IkeMessage.parse(datagram)).payloads().payloads()).hasSize(count);
    }

    @Test
    void countsThatPromiseMoreThanTheOctetsHoldAreMalformed() {
        // A Delete of 65,535 zero-length SPIs would make objects out of nothing.
        assertMalformedPayload(PayloadType.DELETE, "03 00 ffff", "zero octets");
        assertMalformedPayload(PayloadType.DELETE, "03 04 ffff 01020304", "octets of SPIs");
        // 255 transforms announced, one present.
        assertMalformedPayload(PayloadType.SA, "00 00 0010 01 01 00 ff 00 00 0008 01 00 000c", "transform Last Substruc");
        assertMalformedPayload(PayloadType.SA, "00 00 0010 01 01 00 ff 03 00 0008 01 00 000c", "truncated");
        // 255 traffic selectors announced, none present.
        assertMalformedPayload(PayloadType.TSI, "ff 000000", "truncated");
        // A proposal longer than the SA payload around it.
        assertMalformedPayload(PayloadType.SA, "00 00 0100 01 01 00 00", "truncated");
        // A transform longer than its proposal.
        assertMalformedPayload(PayloadType.SA, "00 00 0010 01 01 00 01 00 00 0100 01 00 000c", "truncated");
        // A TLV attribute longer than its transform.
        assertMalformedPayload(PayloadType.SA, "00 00 0014 01 01 00 01 00 00 000c 01 00 000c 000e 0100", "truncated");
    }

    @Test
    void substructureMarkersMustAgreeWithWhatFollows() {
        // Proposal says another follows, but the SA payload ends.
        assertMalformedPayload(PayloadType.SA, "02 00 0008 01 01 00 00", "truncated");
        // Proposal says it is the last, but another follows.
        assertMalformedPayload(PayloadType.SA, "00 00 0008 01 01 00 00 00 00 0008 02 01 00 00", "trailing");
        assertMalformedPayload(PayloadType.SA, "01 00 0008 01 01 00 00", "Last Substruc must be 0 or 2");
        // Transform says another follows, but the proposal announced one.
        assertMalformedPayload(PayloadType.SA, "00 00 0010 01 01 00 01 03 00 0008 01 00 000c", "Last Substruc");
    }

    @Test
    void fieldsThatBreakAMustAreMalformed() {
        assertMalformedPayload(PayloadType.NONCE, "000102030405060708090a0b0c0d0e", "outside 16..256");
        assertMalformedPayload(PayloadType.NONCE, octets(257, 0).toHex(), "outside 16..256");
        assertMalformedPayload(PayloadType.IDI, "01 000000 0a000001ff", "4 octets");
        assertMalformedPayload(PayloadType.IDR, "05 000000 0a000001", "16 octets");
        assertMalformedPayload(PayloadType.TSI, "01 000000 07 00 0028" + "0000ffff" + "00".repeat(32), "16 octets");
        assertMalformedPayload(PayloadType.TSI, "01 000000 08 00 0010 0000ffff 00000000 ffffffff", "40 octets");
        assertMalformedPayload(PayloadType.TSI, "01 000000 07 00 0003", "below 4");
        assertMalformedPayload(PayloadType.SA, "00 00 0007 01 01 00 00", "below 8");
        assertMalformedPayload(PayloadType.SA, "00 00 0010 01 01 00 01 00 00 0007 01 00 000c", "below 8");
        assertMalformedPayload(PayloadType.SA, "", "truncated");
        assertMalformedPayload(PayloadType.KE, "0013 00", "truncated");
        assertMalformedPayload(PayloadType.NOTIFY, "00 08 4004 0102", "truncated");
    }

    @Test
    void fragmentNumbersOutsideTheirTotalAreMalformed() {
        for (String numbering : List.of("0000 0003", "0004 0003", "0001 0000")) {
            byte[] datagram = IkeMessage.of(IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, true, false, 1),
                    new EncryptedFragmentPayload(1, 3, PayloadType.IDI, octets(16, 0))).encode();
            byte[] field = Octets.fromHex(numbering).toByteArray();
            System.arraycopy(field, 0, datagram, IkeHeader.SIZE + 4, 4);

            assertThat(malformedReason(IkeMessage.parse(datagram))).as(numbering).contains("fragment");
        }
    }

    @Test
    void allocationStaysProportionalToTheInput() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // A 40-octet datagram whose payload claims 65,535 octets, and one announcing 65,535 SPIs.
        byte[] claimsTooMuch = Octets.fromHex("0000000000000001 0000000000000000 2a 20 25 08 00000000 00000028"
                + "00 00 ffff 03 04 ffff 01020304").toByteArray();
        byte[] manyTinyPayloads = new byte[0xFFFC];
        int payloadCount = (manyTinyPayloads.length - IkeHeader.SIZE) / 4;
        manyTinyPayloads[16] = 49;
        manyTinyPayloads[17] = 0x20;
        setU32(manyTinyPayloads, 24, manyTinyPayloads.length);
        for (int i = 0; i < payloadCount; i++) {
            int at = IkeHeader.SIZE + 4 * i;
            manyTinyPayloads[at] = (byte) (i + 1 < payloadCount ? 49 : 0);
            manyTinyPayloads[at + 3] = 4;
        }
        for (int warmUp = 0; warmUp < 2_000; warmUp++) {
            IkeMessage.parse(claimsTooMuch);
            IkeMessage.parse(manyTinyPayloads, 0, 400); // Malformed: the Length field disagrees
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++) {
            assertThat(IkeMessage.parse(claimsTooMuch)).isInstanceOf(ParseResult.Malformed.class);
        }
        long perSmallParse = (threads.getCurrentThreadAllocatedBytes() - before) / 1_000;

        before = threads.getCurrentThreadAllocatedBytes();
        assertThat(parsed(IkeMessage.parse(manyTinyPayloads)).payloads().payloads()).hasSize(payloadCount);
        long perLargeParse = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(perSmallParse).as("octets allocated to refuse 40 octets").isLessThan(2_048);
        assertThat(perLargeParse).as("octets allocated to parse %d", manyTinyPayloads.length)
                .isLessThan(40L * manyTinyPayloads.length);
    }

    /**
     * Parses, failing the test on any exception. When the datagram parses, re-encoding must give the
     * same length and parse back equal. Returns whether it parsed.
     */
    private static boolean assertWellBehaved(byte[] datagram) {
        ParseResult<IkeMessage> result = IkeMessage.parse(datagram, 0, datagram.length);
        if (result instanceof ParseResult.Parsed<IkeMessage>(IkeMessage message)) {
            byte[] again = message.encode();
            assertThat(again).as("re-encoding of an accepted datagram").hasSize(datagram.length);
            assertThat(IkeMessage.parse(again)).isEqualTo(result);
            return true;
        }
        return false;
    }

    private static void assertMalformedPayload(PayloadType type, String bodyHex, String reasonPart) {
        byte[] body = Octets.fromHex(bodyHex).toByteArray();
        byte[] payload = new byte[4 + body.length];
        payload[2] = (byte) (payload.length >>> 8);
        payload[3] = (byte) payload.length;
        System.arraycopy(body, 0, payload, 4, body.length);

        assertThat(malformedReason(PayloadChain.parse(payload, 0, payload.length, type))).as(type + " " + bodyHex)
                .contains(reasonPart);
    }

    private static byte[] mutate(byte[] seed, List<byte[]> seeds, SplittableRandom random) {
        byte[] out = seed.clone();
        int operations = 1 + random.nextInt(4);
        for (int op = 0; op < operations && out.length > 0; op++) {
            int at = random.nextInt(out.length);
            out = switch (random.nextInt(8)) {
                case 0 -> { // flip a bit
                    out[at] ^= (byte) (1 << random.nextInt(8));
                    yield out;
                }
                case 1 -> { // an interesting value
                    out[at] = (byte) new int[] {0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF}[random.nextInt(8)];
                    yield out;
                }
                case 2 -> { // a random octet
                    out[at] = (byte) random.nextInt(256);
                    yield out;
                }
                case 3 -> Arrays.copyOf(out, at); // cut
                case 4 -> { // delete a run
                    int run = Math.min(out.length - at, 1 + random.nextInt(8));
                    byte[] shorter = new byte[out.length - run];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + run, shorter, at, out.length - at - run);
                    yield shorter;
                }
                case 5 -> { // insert random octets
                    byte[] insert = new byte[1 + random.nextInt(8)];
                    random.nextBytes(insert);
                    byte[] longer = new byte[out.length + insert.length];
                    System.arraycopy(out, 0, longer, 0, at);
                    System.arraycopy(insert, 0, longer, at, insert.length);
                    System.arraycopy(out, at, longer, at + insert.length, out.length - at);
                    yield longer;
                }
                case 6 -> { // splice in a piece of another seed
                    byte[] donor = seeds.get(random.nextInt(seeds.size()));
                    int from = random.nextInt(donor.length);
                    int run = Math.min(Math.min(donor.length - from, out.length - at), 1 + random.nextInt(64));
                    System.arraycopy(donor, from, out, at, run);
                    yield out;
                }
                default -> { // a 16-bit field set to an extreme
                    if (at + 1 < out.length) {
                        int value = new int[] {0, 4, 8, 0xFFFF}[random.nextInt(4)];
                        out[at] = (byte) (value >>> 8);
                        out[at + 1] = (byte) value;
                    }
                    yield out;
                }
            };
        }
        return out;
    }

    /**
     * Offsets of the 16-bit length fields of a valid datagram: every generic payload header, and
     * the proposal, transform and traffic selector substructures inside SA and TS payloads.
     */
    private static List<Integer> lengthFieldOffsets(byte[] datagram) {
        List<Integer> offsets = new ArrayList<>();
        int type = datagram[16] & 0xFF;
        int at = IkeHeader.SIZE;
        while (type != 0) {
            int length = u16(datagram, at + 2);
            offsets.add(at + 2);
            if (type == PayloadType.SA.code()) {
                int proposal = at + 4;
                while (proposal < at + length) {
                    offsets.add(proposal + 2);
                    int transform = proposal + 8 + (datagram[proposal + 6] & 0xFF);
                    for (int t = 0; t < (datagram[proposal + 7] & 0xFF); t++) {
                        offsets.add(transform + 2);
                        transform += u16(datagram, transform + 2);
                    }
                    proposal += u16(datagram, proposal + 2);
                }
            }
            if (type == PayloadType.TSI.code() || type == PayloadType.TSR.code()) {
                int selector = at + 8;
                for (int s = 0; s < (datagram[at + 4] & 0xFF); s++) {
                    offsets.add(selector + 2);
                    selector += u16(datagram, selector + 2);
                }
            }
            if (type == PayloadType.SK.code() || type == PayloadType.SKF.code()) {
                break;
            }
            type = datagram[at] & 0xFF;
            at += length;
        }
        return offsets;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static void setU32(byte[] b, int at, long value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }
}
