package registry_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// A synthetic statewide population for the search benchmark, seeded so that
// every run (and the cached database) holds the same persons.
//
// The weights below are approximate, written from memory of published
// frequency tables (the 2010 Census surname list and California birth-name
// counts), rounded: they are meant to give realistic skew (a few surnames such
// as Garcia, Hernandez and Nguyen very common; Maria, Jose, Michael very common
// given names) and a realistic mix (roughly 40% Hispanic, 35% Anglo and other
// European, 15% Asian, 6% Black, the rest other), not census accuracy. A third
// of persons draw their surname from a long tail of generated surnames (tens of
// thousands of distinct ones, Zipf-weighted), so cardinality is realistic too.

// weighted is a name with its relative frequency.
type weighted struct {
	name string
	w    float64
}

var (
	hispanicSurnames = parseWeighted(`Garcia 110 Hernandez 85 Lopez 80 Martinez 78 Rodriguez 75 Gonzalez 72 Perez 55 Sanchez 52 Ramirez 50
		Flores 45 Torres 38 Rivera 36 Gomez 34 Diaz 33 Cruz 30 Reyes 30 Morales 28 Gutierrez 28 Ortiz 25 Chavez 25 Ruiz 22
		Castillo 22 Jimenez 21 Vasquez 21 Mendoza 21 Moreno 20 Alvarez 20 Romero 19 Herrera 19 Medina 18 Aguilar 18 Vargas 17
		Castro 17 Guzman 16 Salazar 16 Contreras 16 Rojas 14 Delgado 14 Ortega 14 Nunez 13 Estrada 13 Soto 13 Ramos 13
		Dominguez 12 Vega 12 Mejia 12 Guerrero 12 Rios 11 Luna 11 Cervantes 11 Sandoval 11 Avila 11 Juarez 11 Fuentes 10
		Navarro 10 Acosta 10 Cabrera 9 Espinoza 9 Valdez 9 Velasquez 9 Ayala 9 Figueroa 9 Padilla 9 Campos 9 Zamora 8
		Ibarra 8 Lara 8 Ochoa 8 Rosales 8 Trujillo 7 Pacheco 7 Villanueva 7 Orozco 7 Magana 7 Arellano 7 Barajas 7
		Beltran 7 Cardenas 7 Carrillo 7 Cisneros 6 Duran 6 Escobar 6 Galvan 6 Huerta 6 Maldonado 6 Miranda 6 Montoya 6
		Munoz 6 Pena 6 Quintero 6 Salinas 6 Serrano 6 Solis 6 Velazquez 6 Zuniga 6 Aguirre 5 Bautista 5 Corona 5`)
	angloSurnames = parseWeighted(`Smith 80 Johnson 65 Williams 55 Brown 50 Jones 50 Miller 42 Davis 42 Wilson 30 Anderson 28 Taylor 28
		Thomas 26 Moore 24 Martin 24 Jackson 22 Thompson 22 White 22 Harris 20 Clark 20 Lewis 19 Robinson 18 Walker 18
		Young 17 Allen 17 King 17 Wright 16 Scott 16 Hill 16 Green 16 Adams 15 Baker 15 Nelson 15 Carter 14 Mitchell 14
		Roberts 14 Campbell 13 Parker 13 Evans 13 Edwards 12 Collins 12 Stewart 12 Morris 11 Murphy 11 Cook 11 Rogers 11
		Morgan 10 Peterson 10 Cooper 10 Reed 10 Bailey 10 Bell 10 Kelly 10 Howard 9 Ward 9 Cox 9 Richardson 9 Wood 9
		Watson 9 Brooks 9 Bennett 9 Gray 9 James 9 Hughes 8 Price 8 Sanders 8 Myers 8 Long 8 Ross 8 Foster 8 Powell 7
		Jenkins 7 Perry 7 Russell 7 Sullivan 7 Fisher 7 Henderson 7 Coleman 7 Simmons 7 Patterson 7 Jordan 7 Reynolds 7
		Hamilton 6 Graham 6 Wallace 6 Cole 6 West 6 Olson 6 Schmidt 6 Meyer 6 Hansen 6 Larson 5 Weber 5 Schneider 5
		O'Brien 5 McDonald 5 Kennedy 5 Murray 5 Ford 5 Stone 5 Warren 5 Fox 5 Rose 5 Rice 5 Shaw 5 Hunt 5 Black 5`)
	asianSurnames = parseWeighted(`Nguyen 60 Kim 30 Lee 30 Chen 28 Wang 22 Tran 22 Le 15 Pham 15 Wong 15 Patel 14 Singh 14 Li 13
		Zhang 12 Liu 12 Huang 11 Lin 11 Park 10 Yang 10 Wu 9 Chang 9 Cheng 7 Ho 7 Vu 7 Hoang 6 Choi 6 Santos 6 Reyes 6
		Cruz 6 Bautista 5 Dela Cruz 5 Garcia 5 Mendoza 4 Kaur 6 Shah 4 Kumar 5 Tanaka 3 Nakamura 3 Yamamoto 3 Lam 6 Ly 5
		Do 5 Dang 4 Bui 4 Truong 4 Vo 4 Ngo 4 Duong 3 Phan 3 Cho 4 Jung 4 Kang 4 Yoon 3 Zhou 4 Xu 4 Sun 3 Ma 3 Hu 3`)
	blackSurnames = parseWeighted(`Williams 30 Johnson 28 Smith 25 Jones 22 Brown 22 Jackson 20 Davis 18 Thomas 12 Harris 12 Robinson 11
		Taylor 10 Wilson 10 Moore 9 White 8 Washington 8 Thompson 8 Lewis 7 Walker 7 Green 7 Jenkins 5 Coleman 5 Banks 4
		Freeman 4 Gaines 3 Hawkins 3 Mack 3 Pierce 3 Tucker 3 Bryant 4 Butler 4 Simmons 4 Wright 4 Carter 4 Hall 4`)
	otherSurnames = parseWeighted(`Khan 6 Ali 6 Ahmed 5 Hussain 3 Cohen 4 Levy 3 Sarkisian 3 Petrosyan 4 Hakobyan 3 Grigoryan 3
		Ivanov 3 Popov 2 Kowalski 2 Nowak 2 Rossi 2 Russo 2 Silva 4 Souza 3 Costa 3 Oliveira 3 Pereira 3 Hosseini 3
		Mohammadi 3 Rahimi 2 Haddad 2 Nasser 2 Tuiasosopo 1 Kealoha 1 Begay 2 Yazzie 2 Tsosie 1`)

	hispanicGiven = [2][]weighted{
		parseWeighted(`Jose 60 Juan 40 Luis 30 Carlos 30 Jesus 28 Miguel 26 Antonio 24 Francisco 22 Jorge 20 Daniel 20 Alejandro 16
			Manuel 16 Ricardo 12 Roberto 12 Eduardo 12 Javier 12 Fernando 10 Mario 10 Sergio 10 Victor 10 Rafael 8 Oscar 10
			Raul 8 Pedro 8 Ramon 6 Arturo 6 Enrique 6 Alfredo 6 Hector 8 Adrian 8 Angel 10 David 12 Andres 5 Cesar 6
			Gerardo 6 Armando 6 Salvador 5 Ruben 6 Guillermo 5 Alberto 5 Christian 8 Kevin 6 Anthony 6 Brian 5 Erik 5`),
		parseWeighted(`Maria 70 Guadalupe 20 Ana 18 Rosa 14 Elizabeth 12 Veronica 10 Martha 10 Laura 10 Patricia 10 Claudia 10
			Gabriela 10 Sandra 9 Adriana 9 Leticia 8 Alejandra 8 Yesenia 8 Silvia 7 Teresa 7 Carmen 7 Jessica 12 Daisy 8
			Karina 7 Monica 8 Norma 6 Elena 6 Isabel 6 Lucia 5 Diana 8 Cynthia 6 Brenda 7 Vanessa 8 Stephanie 8 Andrea 7
			Jacqueline 6 Esmeralda 5 Marisol 5 Araceli 5 Irma 4 Blanca 5 Alma 4 Josefina 3 Margarita 4 Sofia 5 Valeria 4`),
	}
	angloGiven = [2][]weighted{
		parseWeighted(`Michael 50 James 45 John 42 Robert 40 David 38 William 35 Richard 25 Joseph 25 Thomas 24 Christopher 30
			Charles 20 Daniel 25 Matthew 25 Anthony 18 Mark 16 Donald 12 Steven 16 Paul 14 Andrew 16 Joshua 18 Kenneth 12
			Kevin 16 Brian 15 George 10 Timothy 12 Ronald 10 Jason 16 Edward 10 Jeffrey 12 Ryan 16 Jacob 12 Gary 10
			Nicholas 12 Eric 12 Jonathan 12 Stephen 10 Larry 8 Justin 12 Scott 10 Brandon 12 Benjamin 10 Samuel 8 Gregory 8
			Frank 7 Alexander 9 Raymond 7 Patrick 7 Jack 6 Dennis 6 Jerry 6 Tyler 9 Aaron 8 Henry 5 Douglas 6 Peter 6
			Adam 7 Nathan 7 Zachary 7 Walter 4 Kyle 7 Harold 3 Carl 4 Jeremy 6 Keith 5 Roger 4 Gerald 4 Ethan 6 Terry 4
			Sean 6 Austin 6 Christian 5 Bill 2 Bob 2 Mike 3 Jim 2 Tom 2 Chris 3 Dan 2 Matt 2 Joe 2 Tony 2`),
		parseWeighted(`Mary 30 Patricia 20 Jennifer 30 Linda 18 Elizabeth 22 Barbara 14 Susan 16 Jessica 25 Sarah 24 Karen 14 Nancy 10
			Lisa 16 Betty 6 Margaret 10 Sandra 10 Ashley 22 Kimberly 16 Emily 16 Donna 8 Michelle 18 Dorothy 4 Carol 8
			Amanda 18 Melissa 16 Deborah 8 Stephanie 16 Rebecca 12 Sharon 7 Laura 12 Cynthia 8 Kathleen 8 Amy 12 Shirley 4
			Angela 10 Helen 5 Anna 8 Brenda 7 Pamela 7 Nicole 14 Emma 8 Samantha 12 Katherine 10 Christine 8 Debra 6
			Rachel 10 Catherine 8 Carolyn 5 Janet 5 Heather 10 Maria 6 Julie 8 Megan 10 Kelly 8 Lauren 10 Christina 10
			Victoria 6 Peggy 2 Kathy 3 Becky 2 Jenny 3 Liz 1 Maggie 2 Sue 2 Patty 2 Cindy 2 Debbie 2 Kate 2`),
	}
	asianGiven = [2][]weighted{
		parseWeighted(`David 10 Michael 10 Kevin 12 Daniel 8 Andrew 8 Jason 8 Eric 8 Brian 6 Tuan 8 Minh 8 Thanh 6 Hung 6 Duc 5
			Long 5 Wei 8 Jun 6 Hao 4 Jian 4 Ming 5 Raj 4 Amit 4 Vijay 3 Sanjay 3 Rahul 3 Arjun 3 Gurpreet 3 Harpreet 3
			Jin 5 Sung 4 Hyun 4 Min 4 Jae 4 Hiroshi 2 Kenji 2 Takeshi 2 Jose 4 Mark 4 John 5 Ryan 5 Vincent 5 Vinh 4 Khoa 3`),
		parseWeighted(`Jennifer 10 Michelle 10 Linda 8 Christine 8 Grace 8 Amy 8 Tiffany 8 Jenny 6 Lan 6 Mai 8 Thuy 6 Hoa 5 Linh 6
			Ngoc 5 Hong 5 Mei 6 Ying 5 Xiao 4 Li 4 Priya 5 Anjali 3 Pooja 3 Sunita 3 Kaur 2 Ji 4 Eun 4 Soo 4 Min 4 Yuki 2
			Maria 4 Joy 3 Rose 3 Angela 4 Cindy 4 Helen 4 Vivian 5 Annie 4 Trang 5 Huong 4 Phuong 5`),
	}
	blackGiven = [2][]weighted{
		parseWeighted(`James 12 Michael 12 Robert 10 John 8 William 8 Anthony 8 Darnell 5 DeShawn 4 Tyrone 4 Marcus 8 Andre 6
			Terrell 4 Jamal 5 Malik 4 Darius 4 Dwayne 4 Curtis 4 Willie 5 Calvin 4 Reginald 4 Cedric 3 Corey 5 Derrick 5
			Jerome 4 Lamar 3 Terrance 3 Devon 4 Isaiah 4 Jordan 4 Christopher 8 Brandon 6 Kevin 5 Charles 6`),
		parseWeighted(`Mary 8 Patricia 6 Linda 5 Shanice 3 Keisha 4 Latoya 4 Tamika 4 Ebony 4 Aaliyah 4 Imani 3 Jasmine 8
			Tiffany 6 Crystal 5 Monique 4 Angela 6 Denise 5 Shirley 4 Gloria 4 Brenda 4 Dorothy 3 Erica 5 Kiara 4 Destiny 4
			Jessica 6 Ashley 6 Brittany 5 Danielle 5 Tasha 3 Yolanda 4 Sharon 4 Felicia 4 Kimberly 5`),
	}
	otherGiven = [2][]weighted{
		parseWeighted(`Mohammed 8 Ali 6 Omar 5 Ahmad 5 Hassan 4 Arman 4 Aram 4 Vahe 3 Narek 3 Dmitri 3 Ivan 3 Sergei 3 David 6
			Michael 6 Daniel 5 Joseph 5 Adam 4 Samuel 4 Reza 3 Amir 4 Kenneth 3 Peter 3 Paolo 2 Marco 3`),
		parseWeighted(`Fatima 6 Aisha 4 Layla 4 Sara 6 Mariam 5 Ani 4 Anahit 3 Lilit 3 Natalia 4 Olga 3 Elena 4 Svetlana 3
			Maria 5 Anna 5 Sarah 5 Leila 4 Nadia 4 Yasmin 4 Ruth 3 Rachel 4 Giulia 2 Ana 4`),
	}
	// A given name may also stand as a middle name; compound Hispanic surnames
	// join two of them.
	middleNames = parseWeighted(`Ann 10 Marie 12 Lynn 8 Lee 8 James 8 Michael 8 Jose 6 Luis 5 Antonio 5 Alejandro 3 Elizabeth 6
		Guadalupe 4 Rose 6 Jean 5 Nicole 5 Ray 5 Allen 5 Wayne 4 Edward 5 John 5 Anthony 5 Thomas 4 Renee 3 Louise 3`)
)

// group is one part of the population: its share and its name lists.
type group struct {
	share    float64
	surnames []weighted
	given    [2][]weighted // male, female
	compound float64       // share with a hyphenated or two-word surname
}

var population = []group{
	{0.40, hispanicSurnames, hispanicGiven, 0.10},
	{0.35, angloSurnames, angloGiven, 0.02},
	{0.15, asianSurnames, asianGiven, 0},
	{0.06, blackSurnames, blackGiven, 0.01},
	{0.04, otherSurnames, otherGiven, 0},
}

func parseWeighted(s string) []weighted {
	f := strings.Fields(s)
	var out []weighted
	for i := 0; i+1 < len(f); i += 2 {
		name := f[i]
		w := 0.0
		if _, err := fmt.Sscanf(f[i+1], "%g", &w); err != nil { // a two-word name ("Dela Cruz 5")
			name, w = f[i]+" "+f[i+1], 0
			i++
			fmt.Sscanf(f[i+1], "%g", &w)
		}
		out = append(out, weighted{name, w})
	}
	return out
}

// pick draws one name by weight.
func pick(r *rand.Rand, list []weighted) string {
	total := 0.0
	for _, x := range list {
		total += x.w
	}
	v := r.Float64() * total
	for _, x := range list {
		if v -= x.w; v < 0 {
			return x.name
		}
	}
	return list[len(list)-1].name
}

// tailSurname is one of tailSize generated surnames, Zipf-weighted: syllables of
// the population's own languages joined, so that the tail sounds like names and
// shares sound codes with them now and then, as real names do.
func tailSurname(r *rand.Rand, z *rand.Zipf) string {
	n := z.Uint64()
	starts := []string{"Al", "Ba", "Bel", "Ca", "Cha", "Da", "De", "Es", "Fa", "Ga", "Go", "Ha", "Ja", "Ka", "Kim", "La", "Le",
		"Ma", "Mo", "Na", "Ng", "O", "Pa", "Pe", "Qu", "Ra", "Ro", "Sa", "Se", "Ta", "To", "Va", "Vi", "Wa", "Ya", "Za"}
	mids := []string{"", "ba", "ca", "da", "la", "ma", "na", "ra", "ri", "ro", "sa", "ta", "te", "to", "va", "ya", "zo", "nti", "ck", "lde"}
	ends := []string{"n", "r", "s", "z", "ez", "es", "os", "ian", "yan", "ov", "ski", "son", "sen", "ton", "ley", "man", "berg",
		"stein", "ini", "elli", "ado", "ero", "ido", "ak", "ek", "oy", "uyen", "ang", "ong", "ura", "oto", "ama"}
	s := starts[n%uint64(len(starts))]
	n /= uint64(len(starts))
	s += mids[n%uint64(len(mids))]
	n /= uint64(len(mids))
	return s + ends[n%uint64(len(ends))]
}

// tailSize is the number of generated surnames: with a third of 2.4 million
// persons drawn Zipf-weighted from them, tens of thousands occur.
const tailSize = 36 * 20 * 32

// synthPerson is one person of the synthetic population.
type synthPerson struct {
	Name string
	Sex  string
	DOB  string // "" for unknown
}

// personMaker draws persons.
type personMaker struct {
	r    *rand.Rand
	zipf *rand.Zipf
	now  time.Time
}

func newPersonMaker(seed uint64, now time.Time) *personMaker {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &personMaker{r: r, zipf: rand.NewZipf(r, 1.1, 8, tailSize-1), now: now}
}

// make draws a person of sex ("M" or "F"); ageMode is the most common age, so
// restrained persons cluster younger (late twenties to thirties) and protected
// persons spread wider, within 18 to 80.
func (m *personMaker) make(sex string, ageMode float64) synthPerson {
	r := m.r
	v := r.Float64()
	g := population[len(population)-1]
	for _, x := range population {
		if v -= x.share; v < 0 {
			g = x
			break
		}
	}
	s := 0
	if sex == "F" {
		s = 1
	}
	given := pick(r, g.given[s])
	var surname string
	if r.Float64() < 0.33 {
		surname = tailSurname(r, m.zipf)
	} else {
		surname = pick(r, g.surnames)
	}
	if r.Float64() < g.compound {
		other := pick(r, g.surnames)
		switch {
		case other == surname:
		case r.IntN(4) == 0:
			surname += " " + other // two surnames, no hyphen
		default:
			surname += "-" + other
		}
	}
	if g.compound >= 0.1 && r.IntN(100) == 0 {
		surname = "De La " + surname
	}
	name := given + " " + surname
	if r.Float64() < 0.25 {
		name = given + " " + pick(r, middleNames) + " " + surname
	}
	dob := ""
	if r.Float64() >= 0.02 { // a few persons' dates are not known
		// a log-normal age around the mode, kept within 18 to 80
		age := 18 + math.Exp(math.Log(ageMode-14)+0.45*r.NormFloat64())
		for age > 80 {
			age = 18 + r.Float64()*62
		}
		d := m.now.AddDate(0, 0, -int(age*365.25))
		if r.IntN(100) == 0 { // an unknown day written as January 1
			d = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		}
		dob = d.Format(time.DateOnly)
	}
	return synthPerson{Name: name, Sex: sex, DOB: dob}
}

// Query variants: how a user types a person found in the registry.

var nicknameOf = map[string]string{"William": "Bill", "Robert": "Bob", "Michael": "Mike", "James": "Jim", "Thomas": "Tom",
	"Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt", "Joseph": "Joe", "Anthony": "Tony", "Margaret": "Peggy",
	"Katherine": "Kathy", "Rebecca": "Becky", "Jennifer": "Jenny", "Elizabeth": "Liz", "Patricia": "Patty", "Deborah": "Debbie",
	"Cynthia": "Cindy", "Francisco": "Pancho", "Jose": "Pepe", "Guadalupe": "Lupe", "Alejandro": "Alex", "Richard": "Rick",
	"Steven": "Steve", "Andrew": "Andy", "Edward": "Ed", "Samuel": "Sam", "Benjamin": "Ben", "Nicholas": "Nick"}

// typed returns name as a user might type it: a nickname, a typo, the middle
// name left out, or given and family names swapped; unchanged otherwise.
func typed(r *rand.Rand, name string) string {
	f := strings.Fields(name)
	switch r.IntN(6) {
	case 0:
		if n, ok := nicknameOf[f[0]]; ok {
			f[0] = n
		}
	case 1: // one letter changed in the family name
		last := []byte(f[len(f)-1])
		if len(last) > 3 {
			i := 1 + r.IntN(len(last)-2)
			last[i] = "aeiourlnst"[r.IntN(10)]
			f[len(f)-1] = string(last)
		}
	case 2: // two letters transposed in the given name
		g := []byte(f[0])
		if len(g) > 3 {
			i := 1 + r.IntN(len(g)-2)
			g[i], g[i+1] = g[i+1], g[i]
			f[0] = string(g)
		}
	case 3:
		if len(f) > 2 {
			f = []string{f[0], f[len(f)-1]}
		}
	case 4:
		return f[len(f)-1] + ", " + strings.Join(f[:len(f)-1], " ")
	}
	return strings.Join(f, " ")
}

// fuzzyDOB returns dob with the day and month swapped when that is a date,
// otherwise with the year one off.
func fuzzyDOB(r *rand.Rand, dob string) string {
	d, _ := time.Parse(time.DateOnly, dob)
	if r.IntN(2) == 0 && d.Day() <= 12 && d.Day() != int(d.Month()) {
		return fmt.Sprintf("%02d/%02d/%d", d.Day(), int(d.Month()), d.Year()) // as MM/DD, swapped
	}
	return d.AddDate(1-2*r.IntN(2), 0, 0).Format(time.DateOnly)
}
