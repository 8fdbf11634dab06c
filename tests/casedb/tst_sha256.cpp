// SPDX-License-Identifier: GPL-2.0-or-later
// The content hash against the NIST example vectors (FIPS 180-2 appendix B) and the padding
// boundaries, one-shot and fed in pieces.
#include <hvdump/app/casedb/sha256.h>

#include <QTest>

using hvdump::casedb::Sha256;
using hvdump::casedb::sha256Hex;

class TestSha256 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void digest_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("empty") << QByteArray()
                               << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        QTest::addRow("abc") << QByteArray("abc")
                             << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        QTest::addRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                  << QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        QTest::addRow("896 bits") << QByteArray(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopq"
            "rsmnopqrstnopqrstu") << QByteArray("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
        QTest::addRow("one million a") << QByteArray(
            1000000, 'a') << QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        // the padding needs one more block from 56 bytes (mod 64) on
        QTest::addRow("55 a") << QByteArray(55, 'a')
                              << QByteArray("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
        QTest::addRow("56 a") << QByteArray(56, 'a')
                              << QByteArray("b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
        QTest::addRow("63 a") << QByteArray(63, 'a')
                              << QByteArray("7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
        QTest::addRow("64 a") << QByteArray(64, 'a')
                              << QByteArray("ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
        QTest::addRow("65 a") << QByteArray(65, 'a')
                              << QByteArray("635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0");
        QTest::addRow("120 a") << QByteArray(120, 'a')
                               << QByteArray("2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c");
    }

    void digest()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const std::string_view data(input.constData(), std::size_t(input.size()));
        QCOMPARE(QByteArray::fromStdString(sha256Hex(data)), expected);

        // fed in uneven pieces, the digest is the same
        for (std::size_t piece : { 1u, 7u, 63u, 64u, 65u }) {
            Sha256 hash;
            for (std::size_t i = 0; i < data.size(); i += piece)
                hash.update(data.substr(i, piece));
            const auto digest = hash.finish();
            QCOMPARE(QByteArray(reinterpret_cast<const char*>(digest.data()), 32).toHex(), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"
