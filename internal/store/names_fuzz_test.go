package store

import "testing"

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Jean-Noël Barrot", "ZELENSKYY’s", "Łukasz", "", "\xff\xfe", "Ǆ ǅ ǆ", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Errorf("Fold(Fold(%q)) = %q; want %q (Fold is idempotent)", s, twice, once)
		}
		if SameSpeaker(s, s) != (once != "") {
			t.Errorf("SameSpeaker(%q, itself) = %v; want %v", s, !(once != ""), once != "")
		}
	})
}

func FuzzWithin1(f *testing.F) {
	for _, p := range [][2]string{{"zelensky", "zelenskyy"}, {"macron", "marcon"}, {"", "a"}, {"żółw", "zółw"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		w := within1(a, b)
		if w != within1(b, a) {
			t.Errorf("within1(%q, %q) = %v but within1(%q, %q) = %v", a, b, w, b, a, !w)
		}
		d := distance(a, b)
		if d <= 1 && !w {
			t.Errorf("within1(%q, %q) = false; distance is %d", a, b, d)
		}
		// A swap of neighbours is two edits for Levenshtein, one slip here.
		if w && d > 2 {
			t.Errorf("within1(%q, %q) = true; distance is %d", a, b, d)
		}
	})
}
