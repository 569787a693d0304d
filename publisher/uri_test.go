package publisher

import "testing"

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.lemonde.fr/pixels/article.html?a=1&b=2#x", "https://www.lemonde.fr/pixels/article.html?a=1&b=2#x"},
		{"HTTPS://Blog.Example.COM:443", "https://blog.example.com/"},
		{"http://a.example:80/x", "http://a.example/x"},
		{"http://a.example:8080/x", "http://a.example:8080/x"},
		{"https://a.example/a/./b/../c/", "https://a.example/a/c/"},
		{"https://a.example/%7euser/%41%2f%3F?q=%26&r=%e9", "https://a.example/~user/A%2F%3F?q=%26&r=%E9"},
		{"https://a.example/économie/l'ia 2025?a=b c#été", "https://a.example/%C3%A9conomie/l'ia%202025?a=b%20c#%C3%A9t%C3%A9"},
		{"https://a.example/100%/x%zz", "https://a.example/100%25/x%25zz"},
		{"https://a.example/[x]?y[]=1", "https://a.example/%5Bx%5D?y%5B%5D=1"},
		{"https://bücher.example/", "https://xn--bcher-kva.example/"},
		{"https://[2001:db8::1]:443/x", "https://[2001:db8::1]/x"},
		{"javascript:alert(1)", ""},
		{"/relative", ""},
		{"https:///nohost", ""},
		{"https://user:pw@a.example/", ""},
		{"https://a.example:x/", ""},
	}
	for _, tt := range tests {
		if got := canonicalURL(tt.in); got != tt.want {
			t.Errorf("canonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// The canonical form is a fixed point.
		if tt.want != "" && canonicalURL(tt.want) != tt.want {
			t.Errorf("canonicalURL(%q) = %q, not a fixed point", tt.want, canonicalURL(tt.want))
		}
	}
}
