using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// Strong-name key files made in the test, as <c>sn -k</c> writes them: a new RSA key exported
    /// by hand as a CAPI PRIVATEKEYBLOB (.NET on Linux has no CSP export), and its PUBLICKEYBLOB.
    /// The C# compiler signs with the first, so what the weaver re-signs can be compared with it.
    /// </summary>
    public static class StrongNameKeys
    {
        /// <summary>A new key pair, as the bytes of a .snk file.</summary>
        public static byte[] NewKeyPair(int bits = 1024)
        {
            using var rsa = RSA.Create(bits);
            var p = rsa.ExportParameters(includePrivateParameters: true);
            using var stream = new MemoryStream();
            using var writer = new BinaryWriter(stream);
            Header(writer, blobType: 0x07, magic: 0x32415352, p); // PRIVATEKEYBLOB, "RSA2"
            // CAPI stores every number little-endian: the reverse of RSAParameters' big-endian.
            foreach (var part in new[] { p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ!, p.D! }) writer.Write(part.Reverse().ToArray());
            writer.Flush();
            return stream.ToArray();
        }

        /// <summary>The public half of a key pair made by <see cref="NewKeyPair"/>, as a PUBLICKEYBLOB.</summary>
        public static byte[] PublicOnly(byte[] keyPair)
        {
            int bits = BitConverter.ToInt32(keyPair, 12);
            var blob = keyPair.Take(20 + bits / 8).ToArray();
            blob[0] = 0x06;                                          // PUBLICKEYBLOB
            BitConverter.GetBytes(0x31415352u).CopyTo(blob, 8);      // "RSA1"
            return blob;
        }

        /// <summary>Writes <paramref name="blob"/> to a .snk file in <paramref name="folder"/> and returns its path.</summary>
        public static string WriteFile(string folder, string name, byte[] blob)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, blob);
            return path;
        }

        private static void Header(BinaryWriter writer, byte blobType, uint magic, RSAParameters p)
        {
            writer.Write(blobType);
            writer.Write((byte)2);          // bVersion
            writer.Write((ushort)0);        // reserved
            writer.Write(0x00002400u);      // CALG_RSA_SIGN
            writer.Write(magic);
            writer.Write(p.Modulus!.Length * 8);
            var exponent = new byte[4];
            p.Exponent!.Reverse().ToArray().CopyTo(exponent, 0);
            writer.Write(exponent);
            writer.Write(p.Modulus.Reverse().ToArray());
        }
    }
}
