using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// A strong-name key file (.snk), as <c>sn -k</c> or a project's key file holds it: a CAPI
    /// PRIVATEKEYBLOB (an RSA key pair, which can sign), or a public key alone (a PUBLICKEYBLOB,
    /// or the assembly public-key form <c>sn -p</c> writes), which can only say whose key it is.
    /// Read once and checked here, so a host reports a bad file by name instead of Cecil failing
    /// half-way through a write.
    /// </summary>
    public sealed class StrongNameKey
    {
        private const byte PrivateKeyBlob = 0x07;
        private const byte PublicKeyBlob = 0x06;
        private const uint Rsa2 = 0x32415352; // "RSA2": a key pair
        private const uint Rsa1 = 0x31415352; // "RSA1": a public key

        private StrongNameKey(string path, byte[] blob, bool canSign, RsaPublicPart publicPart)
        {
            Path = path;
            Blob = blob;
            CanSign = canSign;
            PublicPart = publicPart;
        }

        public string Path { get; }

        /// <summary>The file's bytes, as Cecil's <c>WriterParameters.StrongNameKeyBlob</c> takes them.</summary>
        public byte[] Blob { get; }

        /// <summary>True when the file holds the private key, so it can sign.</summary>
        public bool CanSign { get; }

        internal RsaPublicPart PublicPart { get; }

        /// <summary>The public key token (8 bytes, as hex) of the assembly public key this key gives.</summary>
        public string PublicKeyToken => PublicPart.Token();

        /// <summary>Reads and checks <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file when it is not a strong-name key.</summary>
        public static StrongNameKey Read(string path)
        {
            path = System.IO.Path.GetFullPath(path);
            var blob = File.ReadAllBytes(path);
            if (blob.Length >= 20 && blob[0] == PrivateKeyBlob && BitConverter.ToUInt32(blob, 8) == Rsa2)
            {
                var part = RsaPublicPart.Parse(blob, 0) ?? throw NotAKey(path, "its RSA key pair is cut short");
                int bytes = part.Modulus.Length;
                // modulus, two primes, two exponents, the coefficient (halves), the private exponent.
                if (blob.Length < 20 + bytes + 5 * (bytes / 2) + bytes) throw NotAKey(path, "its RSA key pair is cut short");
                return new StrongNameKey(path, blob, canSign: true, part);
            }
            var publicOnly = RsaPublicPart.Parse(blob, 0) ?? (blob.Length > 12 ? RsaPublicPart.Parse(blob, 12) : null);
            if (publicOnly != null) return new StrongNameKey(path, blob, canSign: false, publicOnly);
            throw NotAKey(path, "it is neither an RSA key pair (PRIVATEKEYBLOB) nor a public key");
        }

        /// <summary>True when an assembly whose public key is <paramref name="assemblyPublicKey"/> was signed with this key.</summary>
        public bool Matches(byte[] assemblyPublicKey)
        {
            var other = RsaPublicPart.Parse(assemblyPublicKey, 12);
            return other != null && other.Exponent == PublicPart.Exponent && other.Modulus.SequenceEqual(PublicPart.Modulus);
        }

        private static InvalidDataException NotAKey(string path, string why) =>
            new InvalidDataException($"'{path}' is not a strong-name key file: {why}; make one with 'sn -k' or use the project's .snk");

        /// <summary>The RSA public key inside a CAPI blob (BLOBHEADER, RSAPUBKEY, modulus little-endian).</summary>
        internal sealed class RsaPublicPart
        {
            private RsaPublicPart(uint exponent, byte[] modulus)
            {
                Exponent = exponent;
                Modulus = modulus;
            }

            public uint Exponent { get; }

            /// <summary>Little-endian, as the blob stores it.</summary>
            public byte[] Modulus { get; }

            /// <summary>The blob at <paramref name="offset"/>, a PRIVATEKEYBLOB or PUBLICKEYBLOB; null when it is neither.</summary>
            public static RsaPublicPart? Parse(byte[] blob, int offset)
            {
                if (blob.Length < offset + 20) return null;
                var type = blob[offset];
                var magic = BitConverter.ToUInt32(blob, offset + 8);
                if (!(type == PublicKeyBlob && magic == Rsa1) && !(type == PrivateKeyBlob && magic == Rsa2)) return null;
                var bits = BitConverter.ToInt32(blob, offset + 12);
                if (bits <= 0 || bits % 16 != 0 || blob.Length < offset + 20 + bits / 8) return null;
                var modulus = new byte[bits / 8];
                Array.Copy(blob, offset + 20, modulus, 0, modulus.Length);
                return new RsaPublicPart(BitConverter.ToUInt32(blob, offset + 16), modulus);
            }

            /// <summary>The assembly public key (ECMA-335 II.6.2.1.3: signature and hash algorithm, size, PUBLICKEYBLOB) for this key.</summary>
            public byte[] AssemblyPublicKey()
            {
                using var stream = new MemoryStream();
                using var writer = new BinaryWriter(stream);
                writer.Write(0x00002400u); // CALG_RSA_SIGN
                writer.Write(0x00008004u); // CALG_SHA1
                writer.Write(20 + Modulus.Length);
                writer.Write(PublicKeyBlob);
                writer.Write((byte)2);
                writer.Write((ushort)0);
                writer.Write(0x00002400u);
                writer.Write(Rsa1);
                writer.Write(Modulus.Length * 8);
                writer.Write(Exponent);
                writer.Write(Modulus);
                writer.Flush();
                return stream.ToArray();
            }

            public string Token() => TokenOf(AssemblyPublicKey());

            /// <summary>The public key token: the last 8 bytes of the key's SHA-1, reversed.</summary>
            public static string TokenOf(byte[] assemblyPublicKey)
            {
                using var sha1 = SHA1.Create();
                var hash = sha1.ComputeHash(assemblyPublicKey);
                return string.Concat(hash.Skip(hash.Length - 8).Reverse().Select(b => b.ToString("x2")));
            }

            public RSAParameters ToParameters()
            {
                var exponent = BitConverter.GetBytes(Exponent).Reverse().SkipWhile(b => b == 0).ToArray();
                return new RSAParameters { Modulus = Modulus.Reverse().ToArray(), Exponent = exponent };
            }
        }
    }
}
