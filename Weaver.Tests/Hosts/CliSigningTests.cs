using System;
using System.IO;
using System.Linq;
using AutoDiff.Cli;
using AutoDiff.Weaver.Tests.Support;
using Microsoft.CodeAnalysis;
using Mono.Cecil;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Support.CliRunner;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>
    /// <c>autodiff weave</c> on strong-named assemblies: a signed one is re-signed with <c>--key</c>
    /// (and the new signature checked here, by the same ECMA-335 hash that validates what the C#
    /// compiler signed, since .NET never checks strong names at load); without a key, or with a
    /// key that cannot sign it, it is refused with nothing written. Public- and delay-signed
    /// assemblies keep their state without a key. Weaving is deterministic, signed or not.
    /// </summary>
    [TestFixture]
    public sealed class CliSigningTests
    {
        private const string Seed = @"using AutoDiff; using static AutoDiff.Activity;
public static partial class Functions {
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static float Foo(float x) => x * x;
}";

        private string _keys = "";
        private byte[] _keyPair = Array.Empty<byte>();
        private string _keyPath = "";

        [OneTimeSetUp]
        public void MakeKey()
        {
            _keys = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "autodiff-keys-" + Guid.NewGuid().ToString("N"))).FullName;
            _keyPair = StrongNameKeys.NewKeyPair();
            _keyPath = StrongNameKeys.WriteFile(_keys, "key.snk", _keyPair);
        }

        [OneTimeTearDown]
        public void DeleteKeys() => Directory.Delete(_keys, recursive: true);

        /// <summary>The seed compiled and signed by the C# compiler with the test's key.</summary>
        private AssemblyOnDisk Signed() => AssemblyOnDisk.Write(TestCompiler.Compile(Seed,
            o => o.WithCryptoKeyFile(_keyPath).WithStrongNameProvider(new DesktopStrongNameProvider())));

        private byte[] PublicKey()
        {
            using var signed = Signed();
            return ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(signed.DllPath))).Assembly.Name.PublicKey;
        }

        private static (byte[] PublicKey, bool FlagSigned, byte[] Signature) StrongNameOf(string dll)
        {
            var image = File.ReadAllBytes(dll);
            using var module = ModuleDefinition.ReadModule(new MemoryStream(image));
            return (module.Assembly.Name.PublicKey, (module.Attributes & ModuleAttributes.StrongNameSigned) != 0, StrongNameSignature.Read(image) ?? Array.Empty<byte>());
        }

        private static (float, float) RunBar(string dll)
        {
            using var woven = WovenAssembly.Load(File.ReadAllBytes(dll), File.ReadAllBytes(Path.ChangeExtension(dll, ".pdb")));
            return woven.Get<Func<float, float, ValueTuple<float, float>>>("Functions", "Bar")(3f, 1f);
        }

        [Test]
        public void The_signature_check_accepts_what_the_compiler_signed_and_nothing_changed()
        {
            using var signed = Signed();
            var image = File.ReadAllBytes(signed.DllPath);
            var key = StrongNameOf(signed.DllPath).PublicKey;
            Assert.That(StrongNameSignature.IsValid(image, key), Is.True, "the C# compiler's signature verifies");

            // One byte of metadata changed (the seed's name string), as a weave without re-signing would leave it.
            var tampered = (byte[])image.Clone();
            var at = IndexOf(tampered, System.Text.Encoding.UTF8.GetBytes("Foo"));
            tampered[at] = (byte)'G';
            Assert.That(StrongNameSignature.IsValid(tampered, key), Is.False, "a changed image does not");
            Assert.That(StrongNameSignature.IsValid(image, PublicKeyOf(StrongNameKeys.NewKeyPair())), Is.False, "nor does another key");
        }

        [Test]
        public void A_signed_assembly_is_re_signed_with_its_key_and_the_signature_is_valid()
        {
            using var signed = Signed();
            var before = StrongNameOf(signed.DllPath);

            var (exit, output, error) = Autodiff("weave", signed.DllPath, "--key", _keyPath);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("1 derivative(s) woven").And.Contain("re-signed with key.snk"));
            var after = StrongNameOf(signed.DllPath);
            Assert.That(after.PublicKey, Is.EqualTo(before.PublicKey), "the identity (public key, so token) is kept");
            Assert.That(after.FlagSigned, Is.True);
            Assert.That(after.Signature, Is.Not.EqualTo(before.Signature), "the image changed, so did its signature");
            Assert.That(after.Signature.Any(b => b != 0), Is.True);
            Assert.That(StrongNameSignature.IsValid(File.ReadAllBytes(signed.DllPath), after.PublicKey), Is.True);
            Assert.That(RunBar(signed.DllPath), Is.EqualTo((9f, 6f)));
        }

        [Test]
        public void A_signed_assembly_without_a_key_is_refused_naming_the_fix_and_nothing_is_written()
        {
            using var signed = Signed();
            var before = Snapshot(signed.Folder);

            var (exit, output, error) = Autodiff("weave", signed.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Failed), output);
            Assert.That(error, Does.StartWith(signed.DllPath + ": error: ").And.Contain("strong-name signed").And.Contain("--key").And.Contain("nothing was written"));
            Assert.That(output, Is.Empty);
            AssertUnchanged(before, signed.Folder);
        }

        [Test]
        public void Another_key_is_refused_naming_both_tokens()
        {
            using var signed = Signed();
            var other = StrongNameKeys.WriteFile(_keys, "other.snk", StrongNameKeys.NewKeyPair());
            var before = Snapshot(signed.Folder);

            var (exit, _, error) = Autodiff("weave", signed.DllPath, "--key", other);

            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(error, Does.Contain("is not the key").And.Contain("public key token"));
            AssertUnchanged(before, signed.Folder);
        }

        [Test]
        public void A_public_key_alone_cannot_re_sign()
        {
            using var signed = Signed();
            var publicOnly = StrongNameKeys.WriteFile(_keys, "public.snk", StrongNameKeys.PublicOnly(_keyPair));
            var before = Snapshot(signed.Folder);

            var (exit, _, error) = Autodiff("weave", signed.DllPath, "--key", publicOnly);

            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(error, Does.Contain("holds only a public key").And.Contain("key pair"));
            AssertUnchanged(before, signed.Folder);
        }

        [Test]
        public void A_file_that_is_not_a_key_is_refused()
        {
            using var signed = Signed();
            var notKey = StrongNameKeys.WriteFile(_keys, "notes.snk", System.Text.Encoding.UTF8.GetBytes("not a key at all, just some text"));
            var before = Snapshot(signed.Folder);

            var (exit, _, error) = Autodiff("weave", signed.DllPath, "--key", notKey);

            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(error, Does.StartWith(notKey + ": error: cannot use the key: ").And.Contain("not a strong-name key file"));
            AssertUnchanged(before, signed.Folder);
        }

        [Test]
        public void A_missing_key_file_is_bad_usage()
        {
            using var signed = Signed();
            Assert.That(Autodiff("weave", signed.DllPath, "--key", Path.Combine(_keys, "absent.snk")).Exit, Is.EqualTo(Program.Usage));
        }

        [Test]
        public void A_public_signed_assembly_stays_public_signed_without_a_key()
        {
            using var disk = AssemblyOnDisk.Write(TestCompiler.Compile(Seed,
                o => o.WithCryptoPublicKey(System.Collections.Immutable.ImmutableArray.Create(PublicKey())).WithPublicSign(true)));
            var before = StrongNameOf(disk.DllPath);
            Assert.That(before.FlagSigned, Is.True);

            var (exit, _, error) = Autodiff("weave", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            var after = StrongNameOf(disk.DllPath);
            Assert.That(after.PublicKey, Is.EqualTo(before.PublicKey));
            Assert.That(after.FlagSigned, Is.True, "still flagged as signed, as PublicSign leaves it");
            Assert.That(after.Signature, Is.All.EqualTo(0), "and still without a signature");
            Assert.That(RunBar(disk.DllPath), Is.EqualTo((9f, 6f)));
        }

        [Test]
        public void A_delay_signed_assembly_stays_delay_signed_with_or_without_a_key()
        {
            foreach (var withKey in new[] { false, true })
            {
                using var disk = AssemblyOnDisk.Write(TestCompiler.Compile(Seed,
                    o => o.WithCryptoPublicKey(System.Collections.Immutable.ImmutableArray.Create(PublicKey())).WithDelaySign(true).WithStrongNameProvider(new DesktopStrongNameProvider())));
                var before = StrongNameOf(disk.DllPath);
                Assert.That(before.FlagSigned, Is.False);

                var (exit, output, error) = withKey ? Autodiff("weave", disk.DllPath, "--key", _keyPath) : Autodiff("weave", disk.DllPath);

                Assert.That(exit, Is.EqualTo(Program.Success), error);
                if (withKey) Assert.That(output, Does.Contain("is delay-signed, so the key is not used"));
                var after = StrongNameOf(disk.DllPath);
                Assert.That(after.PublicKey, Is.EqualTo(before.PublicKey));
                Assert.That(after.FlagSigned, Is.False, "delay-signed: the flag stays clear");
                Assert.That(after.Signature, Has.Length.EqualTo(before.Signature.Length).And.All.EqualTo(0), "the room for the signature is kept, empty");
            }
        }

        [Test]
        public void A_signed_assembly_already_woven_needs_no_key()
        {
            using var signed = Signed();
            Assert.That(Autodiff("weave", signed.DllPath, "--key", _keyPath).Exit, Is.EqualTo(Program.Success));
            var once = File.ReadAllBytes(signed.DllPath);

            var (exit, output, error) = Autodiff("weave", signed.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("already woven"));
            Assert.That(File.ReadAllBytes(signed.DllPath), Is.EqualTo(once));
        }

        [Test]
        public void The_same_input_weaves_to_the_same_bytes_signed_or_not()
        {
            foreach (var sign in new[] { false, true })
            {
                using var disk = sign ? Signed() : AssemblyOnDisk.Compile(Seed);
                var key = sign ? new[] { "--key", _keyPath } : Array.Empty<string>();
                var first = Path.Combine(disk.Folder, "one", "Fixture.dll");
                var second = Path.Combine(disk.Folder, "two", "Fixture.dll");

                Assert.That(Autodiff(new[] { "weave", disk.DllPath, "-o", first }.Concat(key).ToArray()).Exit, Is.EqualTo(Program.Success));
                Assert.That(Autodiff(new[] { "weave", disk.DllPath, "-o", second }.Concat(key).ToArray()).Exit, Is.EqualTo(Program.Success));

                Assert.That(File.ReadAllBytes(second), Is.EqualTo(File.ReadAllBytes(first)), sign ? "signed" : "unsigned");
                Assert.That(File.ReadAllBytes(Path.ChangeExtension(second, ".pdb")), Is.EqualTo(File.ReadAllBytes(Path.ChangeExtension(first, ".pdb"))));
            }
        }

        private static byte[] PublicKeyOf(byte[] keyPair)
        {
            var header = new byte[12];
            BitConverter.GetBytes(0x2400).CopyTo(header, 0);
            BitConverter.GetBytes(0x8004).CopyTo(header, 4);
            var blob = StrongNameKeys.PublicOnly(keyPair);
            BitConverter.GetBytes(blob.Length).CopyTo(header, 8);
            return header.Concat(blob).ToArray();
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
            }
            throw new InvalidOperationException("not found");
        }
    }
}
